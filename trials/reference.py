"""Reference data every catalogue starts with: the condition tree and the general FAQ entries.

A root `SOLID` (solid tumours) holds OncoTree's solid-tumour tissue codes; the lymphoid and
myeloid tissues (`LYMPH`, `MYELOID`) are roots of their own, outside it. Under the tissues sit
the tumour types registries name most (OncoTree codes: `NSCLC` and `SCLC` under `LUNG`, `HCC`
under `LIVER`, `NPC` and `HNSC` under `HEAD_NECK`, ...; `DLBCL`, `CLL`, `MM` under `LYMPH`,
`AML`, `MDS` under `MYELOID`). Each row: code, parent (listed before it), English name,
Simplified Chinese name.

The FAQ entries answer the questions people ask about trials in general: the HLX43 recruitment
page's own FAQ texts (seeds/001_*.txt), word for word, with the site's Simplified Chinese
translation of each.

`load_reference_data` is idempotent: the initial migration calls it with the historical models,
and tests call it after a transactional test has flushed the database. `load_conditions` adds
the codes a catalogue created before a code was added lacks, and moves a code whose parent
changed; the importer calls it before it checks the codes a record names, so an import needs no
migration for a new or moved code. Data migrations (0010, 0016) call it too, so that an
existing catalogue's questionnaire offers the new codes before the next import.
"""

from __future__ import annotations

from typing import Any

CONDITIONS: tuple[tuple[str, str | None, str, str], ...] = (
    ("SOLID", None, "Solid tumour", "实体瘤"),
    ("ADRENAL_GLAND", "SOLID", "Adrenal gland", "肾上腺肿瘤"),
    ("AMPULLA_OF_VATER", "SOLID", "Ampulla of Vater", "壶腹部肿瘤"),
    ("BILIARY_TRACT", "SOLID", "Biliary tract", "胆道肿瘤"),
    ("BLADDER", "SOLID", "Bladder and urinary tract", "膀胱及尿路肿瘤"),
    ("BONE", "SOLID", "Bone", "骨肿瘤"),
    ("BOWEL", "SOLID", "Bowel", "肠道肿瘤"),
    ("BREAST", "SOLID", "Breast", "乳腺肿瘤"),
    ("CERVIX", "SOLID", "Cervix", "宫颈肿瘤"),
    ("CNS_BRAIN", "SOLID", "Brain and central nervous system", "脑及中枢神经系统肿瘤"),
    ("ESOPHAGUS_STOMACH", "SOLID", "Oesophagus and stomach", "食管及胃肿瘤"),
    ("EYE", "SOLID", "Eye", "眼部肿瘤"),
    ("HEAD_NECK", "SOLID", "Head and neck", "头颈部肿瘤"),
    ("KIDNEY", "SOLID", "Kidney", "肾脏肿瘤"),
    ("LIVER", "SOLID", "Liver", "肝脏肿瘤"),
    ("LUNG", "SOLID", "Lung", "肺部肿瘤"),
    ("OVARY", "SOLID", "Ovary and fallopian tube", "卵巢及输卵管肿瘤"),
    ("PANCREAS", "SOLID", "Pancreas", "胰腺肿瘤"),
    ("PENIS", "SOLID", "Penis", "阴茎肿瘤"),
    ("PERITONEUM", "SOLID", "Peritoneum", "腹膜肿瘤"),
    ("PLEURA", "SOLID", "Pleura", "胸膜肿瘤"),
    ("PNS", "SOLID", "Peripheral nervous system", "周围神经系统肿瘤"),
    ("PROSTATE", "SOLID", "Prostate", "前列腺肿瘤"),
    ("SKIN", "SOLID", "Skin", "皮肤肿瘤"),
    ("SOFT_TISSUE", "SOLID", "Soft tissue", "软组织肿瘤"),
    ("TESTIS", "SOLID", "Testis", "睾丸肿瘤"),
    ("THYMUS", "SOLID", "Thymus", "胸腺肿瘤"),
    ("THYROID", "SOLID", "Thyroid", "甲状腺肿瘤"),
    ("UTERUS", "SOLID", "Uterus", "子宫肿瘤"),
    ("VULVA", "SOLID", "Vulva and vagina", "外阴及阴道肿瘤"),
    ("NPC", "HEAD_NECK", "Nasopharyngeal carcinoma", "鼻咽癌"),
    ("HNSC", "HEAD_NECK", "Head and neck squamous cell carcinoma", "头颈部鳞状细胞癌"),
    ("OCSC", "HNSC", "Oral cavity squamous cell carcinoma", "口腔鳞状细胞癌"),
    ("GCT", "SOLID", "Germ cell tumour", "生殖细胞肿瘤"),
    # Tumour types under their tissues (OncoTree codes), for the conditions registries name.
    ("ACC", "ADRENAL_GLAND", "Adrenocortical carcinoma", "肾上腺皮质癌"),
    ("CHOL", "BILIARY_TRACT", "Cholangiocarcinoma", "胆管癌"),
    ("GBC", "BILIARY_TRACT", "Gallbladder cancer", "胆囊癌"),
    ("BLCA", "BLADDER", "Bladder urothelial carcinoma", "膀胱尿路上皮癌"),
    ("UTUC", "BLADDER", "Upper tract urothelial carcinoma", "上尿路尿路上皮癌"),
    ("OS", "BONE", "Osteosarcoma", "骨肉瘤"),
    ("ES", "BONE", "Ewing sarcoma", "尤文肉瘤"),
    ("COADREAD", "BOWEL", "Colorectal adenocarcinoma", "结直肠腺癌"),
    ("READ", "COADREAD", "Rectal adenocarcinoma", "直肠腺癌"),
    ("ANSC", "BOWEL", "Anal squamous cell carcinoma", "肛管鳞状细胞癌"),
    ("BRCA", "BREAST", "Invasive breast carcinoma", "浸润性乳腺癌"),
    ("DCIS", "BREAST", "Breast ductal carcinoma in situ", "乳腺导管原位癌"),
    ("CESC", "CERVIX", "Cervical squamous cell carcinoma", "宫颈鳞状细胞癌"),
    ("DIFG", "CNS_BRAIN", "Diffuse glioma", "弥漫性胶质瘤"),
    ("DIPG", "CNS_BRAIN", "Diffuse intrinsic pontine glioma", "弥漫性内生性脑桥胶质瘤"),
    ("MBL", "CNS_BRAIN", "Medulloblastoma", "髓母细胞瘤"),
    ("MNG", "CNS_BRAIN", "Meningioma", "脑膜瘤"),
    ("GB", "DIFG", "Glioblastoma", "胶质母细胞瘤"),
    ("ASTR", "DIFG", "Astrocytoma", "星形细胞瘤"),
    ("EGC", "ESOPHAGUS_STOMACH", "Oesophagogastric adenocarcinoma", "食管胃腺癌"),
    ("STAD", "EGC", "Stomach adenocarcinoma", "胃腺癌"),
    ("GEJ", "EGC", "Adenocarcinoma of the gastro-oesophageal junction", "胃食管结合部腺癌"),
    ("ESCA", "EGC", "Oesophageal adenocarcinoma", "食管腺癌"),
    ("ESCC", "ESOPHAGUS_STOMACH", "Oesophageal squamous cell carcinoma", "食管鳞状细胞癌"),
    ("UM", "EYE", "Uveal melanoma", "葡萄膜黑色素瘤"),
    ("RCC", "KIDNEY", "Renal cell carcinoma", "肾细胞癌"),
    ("CCRCC", "RCC", "Clear cell renal cell carcinoma", "肾透明细胞癌"),
    ("NCCRCC", "RCC", "Non-clear cell renal cell carcinoma", "非透明细胞肾细胞癌"),
    ("HCC", "LIVER", "Hepatocellular carcinoma", "肝细胞癌"),
    ("NSCLC", "LUNG", "Non-small cell lung cancer", "非小细胞肺癌"),
    ("LUAD", "NSCLC", "Lung adenocarcinoma", "肺腺癌"),
    ("LUSC", "NSCLC", "Lung squamous cell carcinoma", "肺鳞状细胞癌"),
    ("SCLC", "LUNG", "Small cell lung cancer", "小细胞肺癌"),
    ("PAAD", "PANCREAS", "Pancreatic adenocarcinoma", "胰腺腺癌"),
    ("PANET", "PANCREAS", "Pancreatic neuroendocrine tumour", "胰腺神经内分泌肿瘤"),
    ("MESO", "PLEURA", "Mesothelioma", "间皮瘤"),
    ("NBL", "PNS", "Neuroblastoma", "神经母细胞瘤"),
    ("PRAD", "PROSTATE", "Prostate adenocarcinoma", "前列腺腺癌"),
    ("MEL", "SKIN", "Melanoma", "黑色素瘤"),
    ("SKCM", "MEL", "Cutaneous melanoma", "皮肤黑色素瘤"),
    ("ACRM", "MEL", "Acral melanoma", "肢端黑色素瘤"),
    ("MUCM", "MEL", "Mucosal melanoma", "黏膜黑色素瘤"),
    ("CSCC", "SKIN", "Cutaneous squamous cell carcinoma", "皮肤鳞状细胞癌"),
    ("SARCNOS", "SOFT_TISSUE", "Soft tissue sarcoma", "软组织肉瘤"),
    ("GIST", "SOFT_TISSUE", "Gastrointestinal stromal tumour", "胃肠道间质瘤"),
    ("THYC", "THYMUS", "Thymic carcinoma", "胸腺癌"),
    ("TM", "THYMUS", "Thymoma", "胸腺瘤"),
    ("THPA", "THYROID", "Papillary thyroid cancer", "甲状腺乳头状癌"),
    ("THFO", "THYROID", "Follicular thyroid cancer", "甲状腺滤泡癌"),
    ("THME", "THYROID", "Medullary thyroid cancer", "甲状腺髓样癌"),
    ("THAP", "THYROID", "Anaplastic thyroid cancer", "甲状腺未分化癌"),
    ("UCEC", "UTERUS", "Endometrial carcinoma", "子宫内膜癌"),
    ("UCS", "UTERUS", "Uterine carcinosarcoma", "子宫癌肉瘤"),
    # More tumour types registries name (OncoTree codes; the parent is the nearest node of
    # this tree on OncoTree's path, so that a trial for the parent still takes them).
    ("PHC", "ADRENAL_GLAND", "Phaeochromocytoma", "嗜铬细胞瘤"),
    ("AMPCA", "AMPULLA_OF_VATER", "Ampullary carcinoma", "壶腹癌"),
    ("IHCH", "CHOL", "Intrahepatic cholangiocarcinoma", "肝内胆管癌"),
    ("EHCH", "CHOL", "Extrahepatic cholangiocarcinoma", "肝外胆管癌"),
    ("CHS", "BONE", "Chondrosarcoma", "软骨肉瘤"),
    ("CHDM", "BONE", "Chordoma", "脊索瘤"),
    ("GCTB", "BONE", "Giant cell tumour of bone", "骨巨细胞瘤"),
    ("APAD", "BOWEL", "Appendiceal adenocarcinoma", "阑尾腺癌"),
    ("SBC", "BOWEL", "Small bowel cancer", "小肠癌"),
    ("GINET", "BOWEL", "Gastrointestinal neuroendocrine tumour", "胃肠道神经内分泌肿瘤"),
    ("EPM", "CNS_BRAIN", "Ependymoma", "室管膜瘤"),
    ("EMBT", "CNS_BRAIN", "CNS embryonal tumour", "中枢神经系统胚胎性肿瘤"),
    ("SEM", "GCT", "Seminoma", "精原细胞瘤"),
    ("HGSOC", "OVARY", "High-grade serous ovarian cancer", "高级别浆液性卵巢癌"),
    (
        "SBWDNET",
        "BOWEL",
        "Small bowel well-differentiated neuroendocrine tumour",
        "小肠高分化神经内分泌肿瘤",
    ),
    ("RBL", "EYE", "Retinoblastoma", "视网膜母细胞瘤"),
    ("SACA", "HEAD_NECK", "Salivary gland carcinoma", "涎腺癌"),
    ("OPHSC", "HNSC", "Oropharyngeal squamous cell carcinoma", "口咽鳞状细胞癌"),
    ("HPHSC", "HNSC", "Hypopharyngeal squamous cell carcinoma", "下咽鳞状细胞癌"),
    ("LXSC", "HNSC", "Laryngeal squamous cell carcinoma", "喉鳞状细胞癌"),
    ("WT", "KIDNEY", "Wilms tumour", "肾母细胞瘤"),
    ("LIHB", "LIVER", "Hepatoblastoma", "肝母细胞瘤"),
    ("LUNE", "LUNG", "Large cell neuroendocrine carcinoma of the lung", "肺大细胞神经内分泌癌"),
    ("PEMESO", "PERITONEUM", "Peritoneal mesothelioma", "腹膜间皮瘤"),
    ("MPNST", "PNS", "Malignant peripheral nerve sheath tumour", "恶性外周神经鞘瘤"),
    ("PSCC", "PENIS", "Penile squamous cell carcinoma", "阴茎鳞状细胞癌"),
    ("MCC", "SKIN", "Merkel cell carcinoma", "默克尔细胞癌"),
    ("BCC", "SKIN", "Basal cell carcinoma", "基底细胞癌"),
    ("VSC", "VULVA", "Squamous cell carcinoma of the vulva or vagina", "外阴或阴道鳞状细胞癌"),
    ("CUP", "SOLID", "Cancer of unknown primary", "原发灶不明癌"),
    # Lymphomas and leukaemias stand under their own roots, outside SOLID.
    ("LYMPH", None, "Lymphoid (lymphoma and lymphoid leukaemia)", "淋巴系统肿瘤"),
    ("HL", "LYMPH", "Hodgkin lymphoma", "霍奇金淋巴瘤"),
    ("NHL", "LYMPH", "Non-Hodgkin lymphoma", "非霍奇金淋巴瘤"),
    # A non-Hodgkin lymphoma: a trial for NHL takes it.
    ("DLBCL", "NHL", "Diffuse large B-cell lymphoma", "弥漫大B细胞淋巴瘤"),
    ("FL", "NHL", "Follicular lymphoma", "滤泡性淋巴瘤"),
    ("MCL", "NHL", "Mantle cell lymphoma", "套细胞淋巴瘤"),
    ("MZL", "NHL", "Marginal zone lymphoma", "边缘区淋巴瘤"),
    ("BL", "NHL", "Burkitt lymphoma", "伯基特淋巴瘤"),
    ("WM", "NHL", "Waldenström macroglobulinaemia", "华氏巨球蛋白血症"),
    ("TNKL", "LYMPH", "Mature T- and NK-cell neoplasms", "成熟T细胞和NK细胞肿瘤"),
    ("TLGL", "TNKL", "T-cell large granular lymphocytic leukaemia", "T细胞大颗粒淋巴细胞白血病"),
    (
        "CLL",
        "LYMPH",
        "Chronic lymphocytic leukaemia / small lymphocytic lymphoma",
        "慢性淋巴细胞白血病/小淋巴细胞淋巴瘤",
    ),
    ("ALL", "LYMPH", "Acute lymphoblastic leukaemia", "急性淋巴细胞白血病"),
    ("MM", "LYMPH", "Multiple myeloma", "多发性骨髓瘤"),
    ("HCL", "LYMPH", "Hairy cell leukaemia", "毛细胞白血病"),
    ("MYELOID", None, "Myeloid (myeloid leukaemia and related)", "髓系肿瘤"),
    ("AML", "MYELOID", "Acute myeloid leukaemia", "急性髓系白血病"),
    ("APL", "AML", "Acute promyelocytic leukaemia", "急性早幼粒细胞白血病"),
    ("MPAL", "MYELOID", "Mixed phenotype acute leukaemia", "混合表型急性白血病"),
    ("MDS", "MYELOID", "Myelodysplastic syndromes", "骨髓增生异常综合征"),
    ("CMML", "MYELOID", "Chronic myelomonocytic leukaemia", "慢性粒单核细胞白血病"),
    ("CML", "MYELOID", "Chronic myeloid leukaemia", "慢性髓系白血病"),
    ("PMF", "MYELOID", "Myelofibrosis", "骨髓纤维化"),
    ("PV", "MYELOID", "Polycythaemia vera", "真性红细胞增多症"),
    ("ET", "MYELOID", "Essential thrombocythaemia", "原发性血小板增多症"),
)

FAQS: tuple[tuple[str, str, str, str], ...] = (
    (
        "What is a clinical trial?",
        "A clinical trial is a study designed to test specific interventions or treatments' "
        "effectiveness and safety, paving the way for new, innovative healthcare solutions.",
        "什么是临床试验？",
        "临床试验是一项旨在检验特定干预措施或治疗方法的有效性和安全性的研究，"
        "为新的、创新的医疗解决方案铺平道路。",
    ),
    (
        "Why should I take part in a clinical trial?",
        "Participating in a clinical trial provides early access to potentially effective "
        "treatments and directly contributes to the healthcare advancements that benefit us all.",
        "我为什么要参加临床试验？",
        "参加临床试验可以让您提前获得可能有效的治疗，并直接推动造福我们所有人的医疗进步。",
    ),
    (
        "How long does a clinical trial take place?",
        "The duration of clinical trials varies. Some trials last weeks, some years, depending "
        "on the phase and intention of the trial.",
        "临床试验要进行多长时间？",
        "临床试验的持续时间各不相同。有些试验持续数周，有些持续数年，取决于试验的分期和目的。",
    ),
    (
        "Do I get compensated for taking part in clinical trials?",
        "Compensation varies per trial. Some offer payment or reimbursement for time and "
        "travel, while others may not.",
        "参加临床试验会得到补偿吗？",
        "补偿因试验而异。有些试验会为您付出的时间和交通支付报酬或报销费用，有些则可能不会。",
    ),
    (
        "How safe are clinical trials?",
        "Clinical trials follow strict ethical guidelines and protocols to safeguard "
        "participants' health. They are closely monitored and safety reviewed regularly.",
        "临床试验安全吗？",
        "临床试验遵循严格的伦理准则和方案，以保障参与者的健康。"
        "试验受到密切监测，安全性也会定期接受审查。",
    ),
)


def load_conditions(condition_model: Any) -> None:
    """Create the condition codes of the tree that are missing, and move a code the tree has
    moved under its new parent (names and codes outside the tree are kept)."""
    existing = {row.code: row for row in condition_model.objects.select_related("parent")}
    parents = {code: row.parent.code if row.parent else None for code, row in existing.items()}
    if all(parents.get(code, "") == parent for code, parent, *_ in CONDITIONS):
        return
    for code, parent, name, name_zh in CONDITIONS:
        if code not in existing:
            existing[code] = condition_model.objects.create(
                code=code, name=name, name_zh_hans=name_zh, parent=parent and existing[parent]
            )
        elif parents[code] != parent:
            row = existing[code]
            row.parent = parent and existing[parent]
            row.save(update_fields=["parent"])


def load_reference_data(condition_model: Any, faq_model: Any) -> None:
    """Create the condition tree and the general FAQ entries where they are missing."""
    load_conditions(condition_model)
    if not faq_model.objects.filter(trial__isnull=True).exists():
        faq_model.objects.bulk_create(
            faq_model(
                question=question,
                answer=answer,
                question_zh_hans=question_zh,
                answer_zh_hans=answer_zh,
                order=order,
            )
            for order, (question, answer, question_zh, answer_zh) in enumerate(FAQS, start=1)
        )
