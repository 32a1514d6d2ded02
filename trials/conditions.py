"""The condition tree the catalogue starts with.

A root `SOLID` (solid tumours) holds OncoTree's solid-tumour tissue codes; the lymphoid and
myeloid tissues stand outside it. Nasopharyngeal carcinoma (`NPC`) and head and neck squamous
cell carcinoma (`HNSC`) sit under `HEAD_NECK`, as in OncoTree. Each row: code, parent, English
name, Simplified Chinese name.
"""

from __future__ import annotations

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
    ("LYMPH", None, "Lymphoid (lymphoma and lymphoid leukaemia)", "淋巴系统肿瘤"),
    ("MYELOID", None, "Myeloid (myeloid leukaemia and related)", "髓系肿瘤"),
)
