"""Reference data every catalogue starts with: the condition tree and the general FAQ entries.

A root `SOLID` (solid tumours) holds OncoTree's solid-tumour tissue codes; the lymphoid and
myeloid tissues (`LYMPH`, `MYELOID`) are roots of their own, outside it. Under the tissues sit
the tumour types registries name most (OncoTree codes: `NSCLC` and `SCLC` under `LUNG`, `HCC`
under `LIVER`, `NPC` and `HNSC` under `HEAD_NECK`, ...; `DLBCL`, `CLL`, `MM` under `LYMPH`,
`AML`, `MDS` under `MYELOID`). Each row: code, parent (listed before it), English name,
Simplified Chinese name.

The FAQ entries answer the questions people ask about trials in general, in the project's own
words, in English and Simplified Chinese.

`load_reference_data` is idempotent: the initial migration calls it with the historical models,
and tests call it after a transactional test has flushed the database. `load_conditions` adds
the codes a catalogue created before a code was added lacks; the importer calls it before it
checks the codes a record names, so a new code needs no migration.
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
    # Lymphomas and leukaemias stand under their own roots, outside SOLID.
    ("LYMPH", None, "Lymphoid (lymphoma and lymphoid leukaemia)", "淋巴系统肿瘤"),
    ("HL", "LYMPH", "Hodgkin lymphoma", "霍奇金淋巴瘤"),
    ("DLBCL", "LYMPH", "Diffuse large B-cell lymphoma", "弥漫大B细胞淋巴瘤"),
    ("NHL", "LYMPH", "Non-Hodgkin lymphoma", "非霍奇金淋巴瘤"),
    ("FL", "NHL", "Follicular lymphoma", "滤泡性淋巴瘤"),
    ("MCL", "NHL", "Mantle cell lymphoma", "套细胞淋巴瘤"),
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
    ("MYELOID", None, "Myeloid (myeloid leukaemia and related)", "髓系肿瘤"),
    ("AML", "MYELOID", "Acute myeloid leukaemia", "急性髓系白血病"),
    ("APL", "AML", "Acute promyelocytic leukaemia", "急性早幼粒细胞白血病"),
    ("MDS", "MYELOID", "Myelodysplastic syndromes", "骨髓增生异常综合征"),
    ("CMML", "MYELOID", "Chronic myelomonocytic leukaemia", "慢性粒单核细胞白血病"),
    ("CML", "MYELOID", "Chronic myeloid leukaemia", "慢性髓系白血病"),
    ("PMF", "MYELOID", "Myelofibrosis", "骨髓纤维化"),
)

FAQS: tuple[tuple[str, str, str, str], ...] = (
    (
        "What is a clinical trial?",
        "A clinical trial is a research study in people. It tests whether a new treatment, or a "
        "new way of using an existing one, is safe and whether it works better than the care "
        "available today. Every trial follows a written plan, the protocol, approved by an "
        "ethics committee.",
        "什么是临床试验？",
        "临床试验是在人体中进行的研究，用来检验一种新的治疗方法（或现有治疗的新用法）是否安全，"
        "以及是否比目前的治疗效果更好。每项试验都遵循经伦理委员会批准的书面方案。",
    ),
    (
        "Why might I take part?",
        "A trial may offer a treatment you could not get otherwise, with close follow-up by a "
        "specialist team. Taking part also helps doctors learn what works for the next people "
        "with the same illness. It is your choice, and you can leave a trial at any time "
        "without losing your usual care.",
        "为什么要考虑参加临床试验？",
        "临床试验可能让您获得其他途径无法获得的治疗，并由专业团队密切随访。参加试验也能帮助医生了解"
        "哪些治疗对患有同样疾病的人有效。是否参加由您决定，您可以随时退出，且不会影响您的常规治疗。",
    ),
    (
        "How long does a trial last?",
        "It depends on the trial. Treatment may last weeks or continue for as long as it helps, "
        "and follow-up visits or calls can go on for months or years. The study team will tell "
        "you what to expect before you decide.",
        "临床试验持续多长时间？",
        "这取决于具体试验。治疗可能持续数周，也可能在有效期间一直进行；之后的随访（就诊或电话）"
        "可能持续数月或数年。在您做决定之前，研究团队会告诉您具体安排。",
    ),
    (
        "Will I be paid or have my costs covered?",
        "That varies. Many trials provide the study treatment and study tests free of charge, "
        "and some help with travel or other costs. Ask the study team what is covered for this "
        "trial.",
        "参加试验有补偿吗？费用由谁承担？",
        "各项试验不同。许多试验免费提供试验用药和研究相关检查，有些还会补贴交通等费用。"
        "请向研究团队询问本试验具体承担哪些费用。",
    ),
    (
        "How safe are clinical trials?",
        "Trials are designed to protect the people in them: an ethics committee approves each "
        "one, the team watches for side effects closely, and independent reviewers check the "
        "safety data regularly. New treatments can still have side effects nobody knows about "
        "yet; the study team will explain the known risks before you agree to anything.",
        "临床试验安全吗？",
        "临床试验的设计以保护受试者为前提：每项试验都需经伦理委员会批准，研究团队会密切观察不良反应，"
        "独立审查人员也会定期检查安全性数据。新的治疗仍可能有尚未发现的副作用；在您同意参加之前，"
        "研究团队会向您解释已知的风险。",
    ),
)


def load_conditions(condition_model: Any) -> None:
    """Create the condition codes of the tree that are missing (existing rows are kept)."""
    existing = {row.code: row for row in condition_model.objects.all()}
    if set(existing) >= {code for code, *_ in CONDITIONS}:
        return
    for code, parent, name, name_zh in CONDITIONS:
        if code not in existing:
            existing[code] = condition_model.objects.create(
                code=code, name=name, name_zh_hans=name_zh, parent=parent and existing[parent]
            )


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
