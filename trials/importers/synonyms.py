"""Condition names as registries write them, mapped to codes of the catalogue's condition tree.

A hand-kept table of phrases per code (`PHRASES`, regular expressions over a normalised form:
lower case, single spaces, hyphens as spaces, American spelling, "tumour" -> "tumor"). A term
maps to the codes whose phrases it contains, longest phrase first, each stretch of words read
once: "Non-Clear Cell Renal Cell Carcinoma" is `NCCRCC`, not also `CCRCC` or `RCC`. MeSH's
inverted names ("Carcinoma, Non-Small-Cell Lung", "Leukemia, Myeloid, Acute") are also read
with their comma-separated parts reversed. Generic words ("Cancer", "Malignant Neoplasm",
"Advanced Malignancies") map to nothing: there is no "any cancer" code.

`diagnosis_codes` reads a whole record: the registry's conditions first; when none of them
maps, its keywords, then its titles. A "solid tumour" named in the conditions, keywords or
title makes the trial one for `SOLID` (the specific solid codes next to it are its examples),
keeping codes outside SOLID (a lymphoma next to it); otherwise a code whose descendant is also
named gives way to it ("Head and Neck Cancer; HNSCC" -> `HNSC`). The inclusion lines that
state the diagnosis then refine, trim, narrow or widen the registry's list (the eligibility
text first, as the corpus labels read it, less what a line excepts); exclusion lines and
cancers named as past ones ("a history of ...") never name the trial's cancer.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from trials.reference import CONDITIONS

_C = r"(?:cancers?|carcinomas?|neoplasms?|tumors?|malignanc(?:y|ies)|adenocarcinomas?)"

PHRASES: dict[str, tuple[str, ...]] = {
    # "Response Evaluation Criteria in Solid Tumors" names no tumour.
    "SOLID": (
        r"(?<!criteria in )(?<!criteria for )"
        r"solid (?:tumors?|cancers?|malignanc(?:y|ies)|neoplasms?|carcinomas?)",
        r"solid tumor,? adult",
        # "a solid, malignant tumour"
        r"solid,? malignant (?:tumors?|neoplasms?)",
        # "non-haematological (solid tumour) malignancy": any solid tumour
        r"non hematologic(?:al)? (?:solid )?(?:tumors?|cancers?|malignanc(?:y|ies)|neoplasms?)"
        r"(?: malignanc(?:y|ies))?",
    ),
    "NSCLC": (
        rf"non small cell (?:lung )?{_C}(?: of (?:the )?lung)?",
        rf"lung (?:{_C} )?non small cell(?: {_C})?",
        r"lung non small cell",
        rf"lung {_C},? (?:non squamous,? )?non small cell",
        r"\bnsclc\b",
        r"non small cell(?: carcinoma)? lung",
        # large cell carcinoma is a non-small cell type (its neuroendocrine form is LUNE)
        r"large cell lung (?:carcinomas?|cancers?)",
        r"large cell (?:carcinomas?|cancers?) of (?:the )?lung",
    ),
    # bronchioloalveolar carcinoma: the older name of a lung adenocarcinoma pattern
    "LUAD": (
        r"lung adenocarcinomas?",
        r"adenocarcinoma lung (?:cancers?|carcinomas?)",
        # "adenocarcinoma subtype non-small cell lung cancer", "NSCLC of adenocarcinoma histology"
        r"adenocarcinoma (?:subtype|histology|histologic type|type) (?:of )?"
        r"(?:non small cell lung (?:cancers?|carcinomas?)|nsclc)",
        r"(?:non small cell lung (?:cancers?|carcinomas?)|nsclc),? (?:of |with )?"
        r"(?:an )?adenocarcinoma (?:subtype|histology|histologic type|type)",
        r"adenocarcinoma of (?:the )?lung",
        r"\bluad\b",
        r"bronchiolo ?alveolar (?:cell )?(?:adeno)?carcinomas?",
    ),
    "LUSC": (
        rf"(?<!non )squamous (?:cell )?(?:non small cell )?lung {_C}",
        r"(?<!non )squamous (?:cell )?(?:nsclc|non small cell lung)",
        r"\blusc\b",
        # "NSCLC considered to be of squamous histology", "NSCLC of squamous cell histology"
        rf"(?:\bnsclc|non small cell lung {_C})(?: considered to be)? of (?:predominantly )?"
        r"squamous (?:cell )?(?:histology|type|subtype)",
    ),
    "LUNE": (
        r"large cells? neuroendocrine (?:lung )?(?:carcinomas?|cancers?)",
        r"\blcnec\b",
    ),
    "SCLC": (
        rf"small cell lung {_C}",
        r"\bsclc\b",
        r"small cell carcinoma of (?:the )?lung",
        # the older name: "small cell carcinoma of bronchogenic origin", "of the bronchus"
        r"(?<!non )small cell (?:bronchogenic )?carcinomas? of (?:the )?"
        r"(?:bronchus|bronchogenic origin)",
        r"(?<!non )small cell bronchogenic carcinomas?",
    ),
    # ("staged by the International Association for the Study of Lung Cancer" names no cancer)
    "LUNG": (
        rf"(?<!study of )lung {_C}",
        r"cancer of (?:the )?lung",
        r"pulmonary (?:carcinomas?|neoplasms?)",
    ),
    # NCI's "Breast Carcinoma in Situ" is not an invasive breast cancer
    "DCIS": (
        r"ductal carcinoma in situ",
        r"\bdcis\b",
        r"breast (?:carcinoma|cancer) in situ",
        r"non ?invasive breast (?:carcinomas?|cancers?)",
    ),
    "BRCA": (
        rf"breast {_C}",
        r"\btnbc\b",
        r"triple negative breast",
        r"\bher2 (?:positive|negative|low)\b breast",
        r"cancer of (?:the )?breast",
    ),
    "READ": (rf"(?:rectal|rectum) {_C}", r"cancer of (?:the )?rectum"),
    "COADREAD": (
        rf"colorectal(?: {_C})?",
        rf"(?:colon|colonic) {_C}",
        r"\bm?crc\b",
        r"(?<!small )bowel cancers?",
        r"cancer of (?:the )?colon",
    ),
    "ANSC": (rf"anal (?:squamous cell )?{_C}", r"anal canal", rf"anus {_C}"),
    # anus and rectum together: the bowel, of which both are part
    "BOWEL": (rf"ano ?rectal {_C}",),
    "APAD": (r"appendiceal adenocarcinomas?", r"adenocarcinoma of (?:the )?appendix"),
    "SBC": (rf"small (?:bowel|intestin(?:e|al)) {_C}",),
    "GINET": (
        rf"gastrointestinal neuroendocrine {_C}",
        r"\bgi nets?\b",
        rf"(?:small (?:bowel|intestin(?:e|al))|midgut) neuroendocrine {_C}",
        # the older name of a gut neuroendocrine tumour ("Gastrointestinal Carcinoid Tumor")
        r"(?:gastrointestinal|\bgi|small (?:bowel|intestin(?:e|al))|midgut) carcinoids?",
    ),
    "PAAD": (
        rf"pancrea\w* (?:ductal )?{_C}",
        r"\bpdac\b",
        r"pancreas cancer",
        r"cancer of (?:the )?pancreas",
        r"tumor pancreas",
    ),
    "PANET": (
        rf"pancrea\w* neuroendocrine {_C}",
        r"(?<!cns )\bpnets?\b",
        rf"neuroendocrine {_C} of (?:the )?pancreas",
        # the older name ("Islet Cell Tumor", "Islet Cell Carcinoma")
        rf"(?:pancreatic )?islet cell {_C}",
    ),
    "HCC": (
        r"hepatocellular (?:carcinomas?|cancers?)",
        r"\bhcc\b",
        r"liver cell carcinomas?",
        r"\bhepatomas?\b",
    ),
    "LIVER": (rf"liver {_C}", rf"hepatic {_C}", r"cancer of (?:the )?liver"),
    # A trial's cholangiocarcinoma, head and neck SCC or B-cell lymphoma is read at the type
    # (CHOL, HNSC, NHL): the subtype codes under them are for patients' answers and curators.
    "CHOL": (
        r"cholangiocarcinomas?",
        rf"bile duct {_C}",
        r"\bicca\b",
        r"klatskin",
    ),
    "AMPCA": (rf"ampullary {_C}", rf"(?:{_C}) of (?:the )?ampulla(?: of vater)?"),
    "GBC": (rf"gall ?bladder {_C}",),
    "BILIARY_TRACT": (rf"biliary (?:tract )?{_C}", r"\bbtc\b"),
    "GEJ": (
        r"gastro ?(?:o)?esophageal junction",
        r"esophago ?gastric junction",
        # "gastric-oesophageal junction", also misspelt "gastric-esophagal"
        r"gastric esophag(?:e)?al junction",
        r"\b(?:gej|egj)\b",
        r"gastric (?:cardia|and gastroesophageal junction)",
    ),
    "STAD": (
        rf"gastric {_C}",
        rf"stomach {_C}",
        r"cancer of (?:the )?stomach",
        r"\bstomach cancer",
    ),
    "ESCA": (
        r"(?:distal |lower )?esophageal adenocarcinomas?",
        r"adenocarcinoma of (?:the )?(?:distal |lower |(?:intra)?thoracic )?(?:third of the )?"
        r"esophagus",
    ),
    "ESCC": (
        r"esophageal squamous (?:cell )?(?:cancers?|carcinomas?)",
        r"\bescc\b",
        r"squamous cell carcinoma of (?:the )?(?:(?:intra)?thoracic )?esophagus",
    ),
    "EGC": (rf"(?:esophago ?gastric|gastro ?esophageal) {_C}",),
    "ESOPHAGUS_STOMACH": (rf"esophag\w* {_C}", r"cancer of (?:the )?esophagus"),
    "OVARY": (
        rf"ovar(?:ian|y) (?:epithelial )?{_C}",
        r"epithelial ovarian",
        rf"ovar(?:ian|y) (?:low grade )?(?:serous|clear cell|endometrioid|mucinous) {_C}",
        rf"fallopian tube {_C}",
        rf"primary peritoneal {_C}",
        r"high grade serous",
    ),
    "HGSOC": (
        r"high grade serous (?:(?:epithelial )?ovarian |tubo ovarian )?(?:carcinomas?|cancers?)",
        r"\bhgsoc\b",
        r"ovarian high grade serous (?:carcinomas?|cancers?|adenocarcinomas?)",
    ),
    "CESC": (
        r"cervical squamous cell (?:carcinomas?|cancers?)",
        r"squamous cell (?:carcinoma|cancer) of (?:the )?(?:uterine )?cervix",
    ),
    # "Cervix Neoplasms", "cervix uteri carcinoma"
    "CERVIX": (
        rf"cervical {_C}",
        rf"uterine cervical {_C}",
        r"cancer of (?:the )?cervix",
        rf"cervix (?:uteri )?{_C}",
    ),
    "UCS": (r"carcinosarcomas?",),
    "UCEC": (
        rf"endometri\w* {_C}",
        r"endometrial",
        r"uterine (?:papillary )?serous (?:carcinomas?|cancers?|adenocarcinomas?)",
    ),
    "UTERUS": (
        rf"uter(?:ine|us) (?:corpus )?{_C}",
        r"uterine (?:corpus )?(?:leiomyo)?sarcomas?",
        # a sarcoma of the endometrium's stroma, not an endometrial carcinoma
        r"endometrial stromal sarcomas?",
        r"gestational trophoblastic (?:neoplas(?:ia|ms?)|tumors?)",
    ),
    "UTUC": (
        rf"upper (?:urinary )?tract urothelial {_C}",
        r"\butuc\b",
        rf"renal pelvis {_C}",
        rf"ureter\w* {_C}",
        # NCI's names: "Renal Pelvis and Ureter Urothelial Carcinoma", "Transitional Cell
        # Cancer of the Renal Pelvis and Ureter"
        rf"renal pelvis (?:and|or|and/or) ureter\w* (?:urothelial |transitional cell )?{_C}",
        # (only when the list names no other site: "carcinoma of the renal pelvis, ureter or
        # bladder" is not an upper tract cancer only)
        rf"{_C} of (?:the )?(?:renal pelvis|ureters?)"
        r"(?:,? (?:and|or) (?:the )?(?:renal pelvis|ureters?))?(?![,/\w]| (?:and|or)\b)",
    ),
    "BLCA": (rf"bladder (?:urothelial )?{_C}", r"\bnmibc\b", r"\bmibc\b"),
    "BLADDER": (
        rf"urothelial {_C}",
        rf"urethr(?:al|a) {_C}",
        rf"urinary tract {_C}",
        r"transitional cell (?:carcinomas?|cancers?)",
    ),
    "NCCRCC": (
        r"non clear cell renal cell (?:cancers?|carcinomas?)",
        r"\bnccrcc\b",
        r"non clear cell rcc\b",
    ),
    "CCRCC": (
        r"clear cell renal cell (?:cancers?|carcinomas?)",
        r"\bccrcc\b",
        r"renal clear cell (?:carcinomas?|cancers?)",
        r"clear cell (?:(?:metastatic|advanced|recurrent|unresectable) )+renal cell "
        r"(?:cancers?|carcinomas?)",
        # "predominantly clear cell RCC", "clear cell metastatic RCC"
        r"(?<!non )clear cell (?:(?:metastatic|advanced|recurrent|unresectable) )*rcc\b",
        # ("RCC containing predominant (>50%) clear cell histology", "of clear cell origin")
        r"(?:renal cell (?:cancers?|carcinomas?)|\brcc),? (?:with |containing |of )?(?:an? )?"
        r"(?:predominant(?:ly)? )?(?:\(?(?:>|> =|>=|at least )? ?\d+ ?%\)? )?clear cell "
        r"(?:histology|type|subtype|component|features?|origin)",
    ),
    "RCC": (r"renal cell (?:cancers?|carcinomas?)", r"\brcc\b"),
    # a childhood kidney tumour, not the soft-tissue clear cell sarcoma
    "KIDNEY": (rf"(?:kidney|renal) {_C}", r"clear cell sarcomas? of (?:the )?kidneys?"),
    "PRAD": (
        rf"prostat\w* {_C}",
        r"\bm?crpc\b",
        r"\bm?(?:hspc|cspc)\b",
        r"castration resistant prostate",
    ),
    # The melanoma subtypes, not their negations ("non-uveal melanoma" is any other melanoma).
    "UM": (
        r"(?<!non )(?:uveal|(?:intra)?ocular|choroidal|ciliary body) (?:malignant )?melanomas?",
        r"melanomas? of (?:the )?(?:uvea|choroid)",
        r"melanomas? of (?:uveal|ocular) origin",
    ),
    # ("retinoblastoma protein", "retinoblastoma gene": the RB1 gene, not the eye tumour)
    "RBL": (r"retinoblastomas?(?! (?:protein|gene|pathway|rb1?\b|\(rb))",),
    "MCC": (r"merkel cell (?:carcinomas?|cancers?|tumors?)",),
    "BCC": (r"basal cell (?:carcinomas?|cancers?)", r"\bbcc\b"),
    "ACRM": (
        r"(?<!non )acral (?:lentiginous )?(?:type )?(?:malignant )?melanomas?",
        r"melanomas? of acral origin",
    ),
    "MUCM": (r"(?<!non )mucosal (?:malignant )?melanomas?", r"melanomas? of mucosal origin"),
    "SKCM": (
        r"(?<!non )(?:cutaneous|skin) (?:malignant )?melanomas?",
        r"melanomas? of (?:the )?skin",
        r"melanomas? of (?:cutaneous|skin) origin",
        r"melanomas? \((?:of )?(?:the )?skin(?: cancer)?\)",
    ),
    "MEL": (
        r"(?<!non )melanomas?",
        # a melanoma whose primary is not found is still a melanoma, not CUP
        r"melanomas? of unknown primary(?: origin| site)?",
        r"unknown primary (?:origin )?(?:malignant )?melanomas?",
    ),
    "SKIN": (rf"skin {_C}", r"^cancers? skin$"),
    "CSCC": (
        r"(?:cutaneous|skin) squamous cell (?:carcinomas?|cancers?)"
        r"(?: of (?:the )?head and neck)?",
        r"squamous cell (?:carcinomas?|cancers?) \(?(?:of (?:the )?)?skin\)?",
        r"\bcscc\b",
    ),
    # MeSH's "Astrocytoma, Grade IV" is glioblastoma (WHO 2021's IDH-mutant astrocytoma
    # grade 4 names its IDH status and stays an astrocytoma)
    "GB": (
        r"glioblastomas?",
        r"\bgbm\b",
        r"gliosarcomas?",
        r"astrocytomas?,? grade iv\b",
        r"grade iv astrocytomas?",
    ),
    "EPM": (r"ependymomas?",),
    "EMBT": (
        r"embryonal tumors? of (?:the )?(?:cns|central nervous system)",
        r"atypical teratoid ?/? ?rhabdoid tumors?",
        r"\batrt\b",
        r"(?:cns|central nervous system) embryonal tumors?",
        # NCI's older names of CNS embryonal tumours
        # (a peripheral PNET is of the Ewing family, not the brain's)
        r"(?:supratentorial|cns|central nervous system) primitive neuroectodermal tumors?",
        r"ependymoblastomas?",
        r"medulloepitheliomas?",
    ),
    "ASTR": (r"(?<!pilocytic )(?:diffuse |anaplastic )?astrocytomas?",),
    "DIFG": (
        r"gliomas?",
        r"oligodendrogliomas?",
        r"oligoastrocytomas?",
        r"gliomatosis cerebri",
    ),
    # a pilocytic astrocytoma is not a diffuse glioma
    "CNS_BRAIN": (
        rf"brain {_C}",
        rf"central nervous system {_C}",
        rf"\bcns {_C}",
        r"pilocytic astrocytomas?",
        r"choroid plexus (?:carcinomas?|tumors?|neoplasms?)",
        r"^cancers? brain$",
        r"pineoblastomas?",
        r"pineal (?:region )?(?:tumors?|neoplasms?)",
    ),
    "NBL": (r"(?<!cns )neuroblastomas?",),
    "MPNST": (r"malignant peripheral nerve sheath tumors?", r"\bmpnsts?\b"),
    "DIPG": (
        r"diffuse intrinsic pontine gliomas?",
        r"\bdipg\b",
        # "intrinsic diffuse brainstem glioma", "diffuse intrinsic brain stem glioma"
        r"(?:diffuse intrinsic|intrinsic diffuse) (?:brain ?stem|pontine) gliomas?",
    ),
    "MBL": (r"medulloblastomas?",),
    "MNG": (r"meningiomas?",),
    "OCSC": (rf"oral (?:cavity )?squamous cell {_C}", rf"(?:oral (?:cavity )?|mouth ){_C}"),
    "GCT": (r"germ cell tumors?", rf"germ cell {_C}"),
    # "non-seminomatous" germ cell tumours are not seminomas
    "SEM": (r"(?<!non )\bseminomas?\b",),
    "PEMESO": (
        r"peritoneal (?:malignant )?mesotheliomas?",
        r"mesotheliomas? of (?:the )?peritoneum",
    ),
    "MESO": (r"mesotheliomas?", r"\bmpm\b"),
    "THYC": (r"thymic (?:carcinomas?|cancers?)",),
    "THYMUS": (r"thymic epithelial (?:tumors?|neoplasms?|malignanc(?:y|ies))", rf"thymus {_C}"),
    "TM": (r"thymomas?",),
    # "papillary or follicular thyroid carcinoma": each type
    "THPA": (r"papillary thyroid", r"papillary(?=,? (?:and/or|or|and) follicular thyroid)"),
    "THFO": (r"follicular thyroid", r"follicular(?=,? (?:and/or|or|and) papillary thyroid)"),
    "THME": (r"medullary thyroid",),
    "THAP": (r"anaplastic thyroid",),
    "THYROID": (rf"thyroid (?:gland )?{_C}", r"differentiated thyroid"),
    "HNSC": (
        r"head and neck squamous cell (?:cancers?|carcinomas?)",
        r"\b(?:r/?m )?hnscc\b",
        r"\bscchn\b",
        r"squamous cell (?:carcinoma|cancer) of (?:the )?head (?:and|or) neck",
        r"squamous cell of (?:the )?head and neck carcinomas?",
        # MeSH's "Head and Neck Carcinoma, Squamous Cell" read back
        r"squamous cell head and neck (?:carcinomas?|cancers?)",
        r"(?:oropharyn|hypopharyn|laryn)\w* squamous cell (?:carcinomas?|cancers?)",
        r"squamous cell carcinoma of (?:the )?(?:oropharynx|hypopharynx|larynx)",
        # NCI's "Metastatic Squamous Neck Cancer With Occult Primary"
        r"squamous (?:cell )?neck (?:cancers?|carcinomas?)",
        r"squamous cell carcinomas? metastatic (?:in|to) the neck",
        r"(?:nasal cavity|paranasal sinus)(?: and (?:nasal cavity|paranasal sinus))? squamous cell "
        r"(?:carcinomas?|cancers?)",
    ),
    "NPC": (rf"nasopharyn\w* {_C}", r"\bnpc\b", r"nasopharynx cancer", r"鼻咽癌"),
    "SACA": (
        rf"salivary (?:gland )?(?:duct )?{_C}",
        r"parotid (?:gland )?(?:carcinomas?|cancers?)",
    ),
    "HEAD_NECK": (
        rf"head (?:and |& )?neck {_C}",
        # the oral tongue is in the mouth, its base in the oropharynx: the organ only
        rf"tongue {_C}",
        rf"(?:oropharyn|hypopharyn|laryn)\w* {_C}",
        rf"{_C} of (?:the )?(?:oropharynx|hypopharynx|larynx)",
        rf"paranasal sinus (?:and nasal cavity )?{_C}",
        # a registry name with the cancer word first and nothing else ("Cancer Head Neck")
        r"^cancers? head (?:and |& )?neck$",
        rf"throat {_C}",
        rf"nasal cavity (?:and paranasal sinus )?{_C}",
    ),
    "OS": (r"osteosarcomas?", r"osteogenic sarcomas?"),
    "CHS": (r"chondrosarcomas?",),
    "CHDM": (r"chordomas?",),
    "GCTB": (r"giant cell tumors? of (?:the )?bone",),
    "WT": (r"wilms'? ?s? tumors?", r"nephroblastomas?"),
    "PSCC": (r"penile squamous cell (?:carcinomas?|cancers?)",),
    "PENIS": (rf"penile {_C}",),
    "VSC": (r"(?:vulvar|vulval|vaginal) squamous cell (?:carcinomas?|cancers?)",),
    "VULVA": (rf"(?:vulvar|vulval|vaginal) {_C}",),
    "ES": (r"ewing'?s? sarcomas?",),
    # ("Gastrointestinal Stroma Tumor" as some registrations spell it)
    "GIST": (r"gastrointestinal stromal? tumors?", r"\bgist\b"),
    # A sarcoma of no named site may be of bone: see the groups below.
    "SARCNOS": (
        r"soft tissue sarcomas?",
        r"(?:rhabdomyo|leiomyo|lipo|angio|fibro|myxofibro)sarcomas?",
        r"synovial sarcomas?",
        r"kaposi'?s? sarcomas?",
        r"alveolar soft part sarcomas?",
        r"epithelioid sarcomas?",
        r"clear cell sarcomas?",
        r"desmoplastic small round cell tumors?",
        r"undifferentiated pleomorphic sarcomas?",
        r"\bdsrct\b",
    ),
    "BONE": (rf"bone {_C}", r"bone sarcomas?"),
    "ACC": (r"adrenocortical (?:carcinomas?|cancers?)",),
    "TESTIS": (rf"testicular {_C}",),
    "PHC": (r"pheochromocytomas?",),
    "LIHB": (r"hepatoblastomas?",),
    "CUP": (
        rf"{_C} (?:of )?(?:an )?unknown primary(?: site| origin)?",
        rf"unknown primary (?:site |origin )?{_C}",
        r"unknown primary neoplasms?",
    ),
    # ("diffuse large cell B-cell NHL", "diffuse large B-cell non-Hodgkin's lymphoma")
    "DLBCL": (
        r"diffuse large (?:cell )?b cell (?:lymphomas?|nhl|non hodgkin'?s? lymphomas?)",
        r"\bdlbcl\b",
    ),
    # "grade 1-3 follicular non-Hodgkin lymphoma", "follicular B-cell lymphoma"
    "FL": (r"follicular (?:non hodgkin'?s? |b cell )?lymphomas?",),
    "MCL": (r"mantle cell lymphomas?", r"\bmcl\b"),
    "HCL": (r"hairy cell leukemias?",),
    "CLL": (
        r"chronic lymphocytic leukemias?",
        r"small lymphocytic (?:lymphomas?|leukemias?)",
        r"\bcll\b",
        r"\bsll\b",
    ),
    "HL": (r"(?<!non )hodgkin'?s? (?:lymphomas?|disease)",),
    # Myeloproliferative neoplasms name the root: the tree has no node between MYELOID and
    # PMF (a narrower code would rule out its types).
    "LYMPH": (
        # "anaplastic lymphoma kinase" (ALK) is a gene, not a lymphoma
        r"lymphomas?(?! kinase)",
        r"lymphoid (?:neoplasms?|malignanc(?:y|ies))",
        r"b cell (?:neoplasms?|malignanc(?:y|ies))",
        r"lymphoproliferative (?:neoplasms?|disorders?|diseases?)",
        r"lymphoid leukemias?",
    ),
    "NHL": (
        r"non hodgkin'?s? lymphomas?",
        r"\bnhl\b",
        r"\bb cell lymphomas?",
        r"marginal zone (?:b cell )?lymphomas?",
        r"\bmalt lymphomas?",
        r"\bmzl\b",
        r"burkitt'?s? (?:lymphomas?|leukemias?)",
        r"waldenstr(?:o|ö|oe)m'?s? macroglobulinemia",
        r"lymphoplasmacytic lymphomas?",
        # primary CNS and vitreoretinal lymphomas are large B-cell lymphomas; a transformed
        # lymphoma is an indolent B-cell one turned aggressive
        r"(?:primary )?(?:central nervous system|cns|intraocular|vitreoretinal) lymphomas?",
        r"\btransformed (?:b cell |indolent )?lymphomas?",
    ),
    "TLGL": (r"t cell large granular lymphocytic leukemias?", r"\bt ?lgl\b"),
    "TNKL": (
        r"\b(?:peripheral |cutaneous )?t cell (?:non hodgkin(?:'?s)? )?lymphomas?",
        r"\bnk/?t cell lymphomas?",
        # "nasal natural killer (NK) cell lymphoma", "aggressive NK-cell leukaemia"
        r"(?:natural killer|\bnk)(?: \(nk\))? cell (?:lymphomas?|leukemias?)",
        r"\bptcl\b",
        r"mycosis fungoides",
        r"anaplastic large cell lymphomas?",
        r"\balcl\b",
        r"sezary syndrome",
        # adult T-cell leukaemia/lymphoma (HTLV-1), T-prolymphocytic and NK-cell neoplasms
        r"adult t cell (?:leukemias?|lymphomas?)(?:/? ?lymphomas?)?",
        r"\batll\b",
        r"t cell prolymphocytic leukemias?",
        r"\bt pll\b",
        r"(?:natural killer|nk) cell (?:lymphomas?|leukemias?|neoplasms?|malignanc(?:y|ies))",
    ),
    "ALL": (
        r"acute lymphoblastic leukemias?",
        r"acute lymphocytic leukemias?",
        r"acute lymphoid leukemias?",
        r"(?:precursor (?:b |t )?(?:cell )?)?lymphoblastic leukemias?(?: lymphomas?)?",
        # lymphoblastic lymphoma is the same precursor lymphoid neoplasm, in nodes not marrow
        r"(?:precursor )?(?:[bt] (?:cell )?)?lymphoblastic lymphomas?",
    ),
    # "graft versus leukemia/myeloma" is the graft's effect, not a disease
    "MM": (
        r"multiple myelomas?",
        r"plasma cell myelomas?",
        r"(?<!graft versus leukemia/)(?<!graft versus )(?<!graft vs )\bmyelomas?\b",
        r"\b(?:rr|nd)mm\b",
    ),
    "APL": (r"acute promyelocytic leukemias?", r"\bapl\b"),
    "AML": (
        r"acute myeloid leukemias?",
        r"acute myelogenous leukemias?",
        r"acute non lymphocytic leukemias?",
        # MeSH's older entry terms
        r"acute (?:myelocytic|granulocytic|myeloblastic) leukemias?",
        r"\baml\b",
        # an extramedullary tumour of AML blasts, not a soft tissue or bone sarcoma
        r"myeloid sarcomas?",
        r"granulocytic sarcomas?",
    ),
    "CMML": (r"chronic myelomonocytic leukemias?", r"\bcmml\b"),
    # "atypical chronic myeloid leukaemia, BCR-ABL1 negative" is a myelodysplastic/
    # myeloproliferative neoplasm, not CML
    "CML": (
        r"(?<!atypical )chronic myeloid leukemias?",
        r"(?<!atypical )chronic myelogenous leukemias?",
        r"(?<!atypical )\bcml\b",
    ),
    "MDS": (r"myelodysplastic syndromes?", r"myelodysplasia", r"\bmds\b"),
    "PMF": (
        r"myelofibrosis",
        r"\bpmf\b",
        r"post (?:polycythemia vera|essential thrombocythemia|pv|et) (?:myelofibrosis|mf)",
        r"\bpost (?:pv|et) mf\b",
        r"\bp(?:pv|et) ?mf\b",
    ),
    "PV": (r"polycythemia vera",),
    "ET": (r"essential thrombocythemia",),
    "MYELOID": (
        r"myeloid (?:neoplasms?|malignanc(?:y|ies)|leukemias?)",
        r"myeloproliferative (?:neoplasms?|disorders?)",
        r"\bmpn\b",
        r"juvenile myelomonocytic leukemias?",
        r"\bjmml\b",
        r"blastic plasmacytoid dendritic cell neoplasms?",
        r"\bbpdcn\b",
        r"systemic mastocytosis",
        r"atypical chronic (?:myeloid|myelogenous) leukemias?",
        r"\bacml\b",
        r"chronic neutrophilic leukemias?",
    ),
    "MPAL": (
        r"mixed phenotype acute leukemias?",
        r"acute leukemias? of (?:mixed|ambiguous) (?:phenotype|lineage)",
        r"\bmpal\b",
    ),
}
# Phrases that name several roots at once.
_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        r"hematologic(?:al)? (?:malignanc(?:y|ies)|cancers?|neoplasms?)|blood cancers?|"
        # NCI's "Hematopoietic and Lymphoid Cell Neoplasm"
        r"hematopoietic (?:and lymphoid )?(?:cell )?(?:malignanc(?:y|ies)|neoplasms?)",
        ("LYMPH", "MYELOID"),
    ),
    (
        r"gynecologic(?:al)? (?:malignanc(?:y|ies)|cancers?|neoplasms?|tumors?)",
        ("OVARY", "CERVIX", "UTERUS", "VULVA"),
    ),
    (
        r"genito ?urinary (?:malignanc(?:y|ies)|cancers?|neoplasms?|tumors?)",
        ("KIDNEY", "BLADDER", "PROSTATE", "TESTIS", "PENIS"),
    ),
    (
        r"hepatobiliary (?:malignanc(?:y|ies)|cancers?|neoplasms?|tumors?)",
        ("LIVER", "BILIARY_TRACT"),
    ),
    (r"acute leukemias?", ("ALL", "AML")),
    (r"(?<!\w)sarcomas?", ("SOFT_TISSUE", "BONE")),
    (
        rf"gastro ?entero ?pancreatic neuroendocrine {_C}|\bgep ?nets?\b",
        ("GINET", "PANET"),
    ),
)

# Organs as registries name them before a cancer word ("gastric, pancreatic or colorectal
# carcinoma") and after one ("carcinoma cervix", "adenocarcinoma of the stomach, GEJ or distal
# oesophagus"): code, adjectives, nouns.
_ORGANS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("LUNG", ("lung",), ("lungs?",)),
    # a list that ends in a lung cancer type ("breast, gastric, liver and non-small cell lung
    # cancer"): the type is one of the organs
    ("NSCLC", ("non small cell lung",), ()),
    ("SCLC", ("small cell lung",), ()),
    ("BRCA", ("breast",), ("breasts?",)),
    ("STAD", ("gastric", "stomach"), ("stomach", "gastric")),
    (
        "GEJ",
        (
            "gastro ?esophageal junction",
            "gastric esophag(?:e)?al junction",
            "esophago ?gastric junction",
            "gej",
        ),
        (
            "gastro ?esophageal junction",
            "gastric esophag(?:e)?al junction",
            "esophago ?gastric junction",
            "gej",
        ),
    ),
    # "gastric, gastro-oesophageal or colorectal adenocarcinoma": the oesophagogastric
    # cancers, not an oesophageal one
    ("EGC", ("gastro ?esophageal", "esophago ?gastric"), ()),
    ("ESOPHAGUS_STOMACH", ("esophageal",), ("esophagus",)),
    ("ESCA", (), ("(?:distal|lower|(?:intra)?thoracic) (?:third of the )?esophagus",)),
    ("PAAD", ("pancreatic",), ("pancreas",)),
    ("LIVER", ("liver", "hepatic"), ("liver",)),
    ("HCC", ("hepatocellular",), ()),
    ("COADREAD", ("colorectal", "colon"), ("colon", "colon and rectum", "large bowel")),
    # ("colon/rectum cancer": the organ's noun before the cancer word)
    ("READ", ("rectal", "rectum"), ("rectum",)),
    # "cancer of the oesophagus, stomach, small bowel, ... appendix, rectum and anus"
    ("SBC", ("small bowel",), ("small bowel", "small intestine")),
    ("BOWEL", (), ("appendix",)),
    ("ANSC", ("anal",), ("anus", "anal canal")),
    ("CERVIX", ("cervical",), ("(?:uterine )?cervix",)),
    ("UCEC", ("endometrial",), ("endometrium",)),
    ("UTERUS", ("uterine",), ("uterus", "uterine corpus")),
    (
        "OVARY",
        ("ovarian", "fallopian tube", "primary peritoneal"),
        ("ovary", "ovaries", "fallopian tubes?"),
    ),
    ("PRAD", ("prostate",), ("prostate",)),
    ("BLCA", ("bladder",), ("(?:urinary )?bladder",)),
    ("BLADDER", ("urothelial",), ()),
    ("KIDNEY", ("kidney", "renal"), ("kidneys?",)),
    ("THYROID", ("thyroid",), ("thyroid(?: gland)?",)),
    ("GBC", ("gall ?bladder",), ("gall ?bladder",)),
    ("BILIARY_TRACT", ("biliary(?: tract)?",), ("biliary tract",)),
    ("NPC", ("nasopharyngeal",), ("nasopharynx",)),
    ("HEAD_NECK", ("head and neck",), ("head and neck", "oropharynx", "hypopharynx", "larynx")),
    ("OCSC", ("oral(?: cavity)?",), ("oral cavity", "mouth")),
    ("VULVA", ("vulvar", "vulval", "vaginal"), ("vulva", "vagina")),
    ("PENIS", ("penile",), ("penis",)),
    ("", ("gynecologic(?:al)?",), ()),  # spread only: a group above reads it
)
_HEAD = (
    r"(?:squamous cell )?"
    r"(?:cancers?|carcinomas?|adenocarcinomas?|neoplasms?|tumors?|malignanc(?:y|ies))"
)
_AND = r"(?:,? (?:and/or|and|or)|,| ?/)"
_ADJECTIVES = "|".join(sorted({a for _, adjs, _ in _ORGANS for a in adjs}, key=len, reverse=True))
_NOUNS = "|".join(sorted({n for _, _, nouns in _ORGANS for n in nouns}, key=len, reverse=True))
# ("colon/rectum cancer": no space after the slash)
_ADJECTIVE_LIST = re.compile(
    rf"\b((?:{_ADJECTIVES})(?:{_AND} ?(?:{_ADJECTIVES}))+) ({_HEAD})(?![\w])"
)
_NOUN_LIST = re.compile(
    rf"\b({_HEAD}) of (?:the )?((?:{_NOUNS})(?:{_AND} (?:the )?(?:{_NOUNS}))+)(?![\w])"
)
# "primary tumour: breast, prostate, lung, colorectal": organs listed after a cancer word and a
# colon, the list ending the sentence, each a cancer of that organ.
_COLON_LIST = re.compile(
    rf"\b({_HEAD})((?: (?:types?|sites?|of origin))?: )"
    rf"((?:{_ADJECTIVES})(?:{_AND} (?:{_ADJECTIVES}))+)(?= ?(?:$|[.;)]))"
)
# "squamous cell or adenocarcinoma of the oesophagus": each histology with the organs after it.
_HISTOLOGY = r"squamous cell(?: carcinomas?)?|adenocarcinomas?"
_HISTOLOGY_LIST = re.compile(
    rf"\b((?:{_HISTOLOGY})(?: \(\w{{1,6}}\))?(?:{_AND} (?:{_HISTOLOGY})(?: \(\w{{1,6}}\))?)+) "
    rf"of (?:the )?"
    rf"((?:{_NOUNS})(?:{_AND} (?:the )?(?:{_NOUNS}))*)(?![\w])"
)
# "small cell or non-small cell lung cancer"
_LUNG_TYPES = re.compile(
    r"\b((?:non )?small cell),? (and/or|and|or) ((?:non )?small cell) lung (cancers?|carcinomas?)"
)
# "non-squamous or squamous NSCLC", "squamous and non-squamous": both histologies, the whole type.
_BOTH_HISTOLOGIES = re.compile(
    r"\b(?:non squamous(?: cell)?(?:,? (?:and/or|and|or)|,| ?/) ?squamous|"
    r"squamous(?: cell)?(?:,? (?:and/or|and|or)|,| ?/) ?non squamous)(?: cell)? "
)
# "cutaneous, acral or mucosal melanoma": each site with the melanoma it shares.
_MELANOMA_SITES = (
    r"cutaneous|skin|acral(?: lentiginous)?(?: type)?|mucosal|uveal|(?:intra)?ocular|choroidal|"
    r"unknown primary(?: origin)?"
)
_MELANOMA_LIST = re.compile(
    rf"\b((?:{_MELANOMA_SITES})(?:{_AND} (?:{_MELANOMA_SITES}))+) ((?:malignant )?melanomas?)\b"
)
_ORGAN_PHRASES: tuple[tuple[str, str], ...] = tuple(
    (code, rf"(?:{_C}|ca) (?:of )?(?:the )?(?:{'|'.join(nouns)})")
    for code, _, nouns in _ORGANS
    if code and nouns and code != "ESCA"
)

_BRITISH = (
    ("tumour", "tumor"),
    ("leukaemia", "leukemia"),
    ("haemat", "hemat"),
    ("oestrogen", "estrogen"),
    ("gynaecolog", "gynecolog"),
)
_PARENTS: dict[str, str | None] = {code: parent for code, parent, *_ in CONDITIONS}
_INDEX: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(rf"(?<![\w]){phrase}(?![\w])"), (code,))
    for code, phrases in PHRASES.items()
    for phrase in phrases
] + [(re.compile(rf"\b(?:{phrase})\b"), codes) for phrase, codes in _GROUPS]
_INDEX += [(re.compile(rf"(?<![\w]){phrase}(?![\w])"), (code,)) for code, phrase in _ORGAN_PHRASES]


def _spread(text: str) -> str:
    """Each organ of a list with the cancer word it shares: "gastric or pancreatic cancer" ->
    "gastric cancer or pancreatic cancer", "carcinoma of the stomach or GEJ" -> "carcinoma of
    the stomach or carcinoma of GEJ"; "cutaneous or mucosal melanoma" -> "cutaneous melanoma
    or mucosal melanoma"."""

    def before(match: re.Match[str]) -> str:
        organs = re.findall(rf"(?:{_ADJECTIVES})(?![\w])", match.group(1))
        return " or ".join(f"{organ} {match.group(2)}" for organ in organs)

    def after(match: re.Match[str]) -> str:
        organs = re.findall(rf"(?:{_NOUNS})(?![\w])", match.group(2))
        return " or ".join(f"{match.group(1)} of {organ}" for organ in organs)

    def sites(match: re.Match[str]) -> str:
        found = re.findall(rf"(?:{_MELANOMA_SITES})(?![\w])", match.group(1))
        return " or ".join(f"{site} {match.group(2)}" for site in found)

    def histologies(match: re.Match[str]) -> str:
        found = re.findall(rf"(?:{_HISTOLOGY})(?![\w])", match.group(1))
        named = ["squamous cell carcinoma" if h == "squamous cell" else h for h in found]
        return " or ".join(f"{h} of the {match.group(2)}" for h in named)

    def listed(match: re.Match[str]) -> str:
        organs = re.findall(rf"(?:{_ADJECTIVES})(?![\w])", match.group(3))
        return match.group(1) + match.group(2) + " or ".join(f"{organ} cancer" for organ in organs)

    text = _COLON_LIST.sub(listed, text)
    text = _LUNG_TYPES.sub(r"\1 lung \4 \2 \3 lung \4", text)
    text = _BOTH_HISTOLOGIES.sub("", text)
    text = _HISTOLOGY_LIST.sub(histologies, text)
    text = _MELANOMA_LIST.sub(sites, text)
    return _NOUN_LIST.sub(after, _ADJECTIVE_LIST.sub(before, text))


# "AML, ALL, MDS or CMML", "B-ALL", "Ph+ ALL": the abbreviation, which lower case would make
# the word "all". Read only beside another blood cancer or its own prefix, in text that is not
# written in capitals throughout ("ALL PATIENTS MUST ...").
_ALL_ABBREVIATION = re.compile(
    r"(?<![\w-])(?:[BT]-|Ph\+ ?|Ph-positive )?ALL\b(?!-)"
    r"(?!\s+(?:patients|participants|subjects|of|the|other|must|cohorts?|parts?|arms?|types?|"
    r"subtypes?|forms?)\b)"
)
_ALL_CONTEXT = re.compile(
    r"\b(?:AML|CLL|CML|MDS|CMML|MPAL|LBL)\b|"
    r"(?<![\w-])(?:[BT]-|Ph\+ ?|Ph-positive )ALL\b"
)


_FULL_WIDTH = (("（", " ("), ("）", ") "), ("；", "; "), ("，", ", "), ("：", ": "))


def normalise(term: str) -> str:
    """Lower case, single spaces, hyphens as spaces, American spelling: the matched form."""
    letters = [c for c in term if c.isalpha()]
    if (
        "ALL" in term
        and (len(letters) < 30 or sum(c.isupper() for c in letters) < len(letters) / 2)
        and _ALL_CONTEXT.search(term)
    ):
        term = _ALL_ABBREVIATION.sub("acute lymphoblastic leukemia", term)
    text = term.casefold().replace("-", " ").replace("_", " ")
    # Full-width brackets and stops (Chinese registrations) read as their ASCII forms, so that
    # a parenthesis is one ("...（according to the Association for the Study of Lung Cancer）").
    for wide, narrow in _FULL_WIDTH:
        text = text.replace(wide, narrow)
    text = re.sub(r"\bnon(?=small\b|squamous\b|hodgkin)", "non ", text)
    text = re.sub(r"(?<![a-z])oesophag|(?<=gastro)oesophag", "esophag", text)
    for british, american in _BRITISH:
        text = text.replace(british, american)
    return " ".join(text.split()).strip(" .;,")


def _variants(term: str) -> list[str]:
    """The term, and MeSH's inverted form read back ("Carcinoma, Hepatocellular")."""
    text = _spread(normalise(term))
    variants = [text]
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if 1 < len(parts) <= 4:
        variants.append(" ".join(reversed(parts)))
    return variants


@functools.lru_cache(maxsize=8192)
def _spans(text: str) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    """Where one normalised text names codes: the longest phrases first, none overlapping.

    Every phrase of the table is tried on the text, and the readers ask again for the same
    line (each inclusion line is read against the others): kept per text, as protocols also
    share much of their wording.
    """
    matches = [
        (match.start(), match.end(), codes)
        for pattern, codes in _INDEX
        for match in pattern.finditer(text)
        if match.end() > match.start()
    ]
    matches.sort(key=lambda item: (item[0] - item[1], item[0]))
    taken: list[tuple[int, int, tuple[str, ...]]] = []
    for start, end, codes in matches:
        if not any(start < b and a < end for a, b, _ in taken):
            taken.append((start, end, codes))
    return tuple(sorted(taken))


def _read(text: str) -> tuple[tuple[str, ...], int]:
    """The codes one normalised text names, in order, and the letters they cover."""
    taken = _spans(text)
    ordered: dict[str, None] = {}
    for _, _, codes in taken:
        for code in codes:
            ordered[code] = None
    return tuple(ordered), sum(end - start for start, end, _ in taken)


def codes_in(term: str) -> tuple[str, ...]:
    """The condition codes one term names (none for a generic "cancer"): the reading of the
    term, or of its inverted MeSH form, whose phrases cover more of it."""
    readings = [_read(text) for text in _variants(term)]
    best = max(readings, key=lambda reading: reading[1])
    return best[0]


def code_for(term: str) -> str | None:
    """The first condition code one term names, if the table knows it."""
    codes = codes_in(term)
    return codes[0] if codes else None


def ancestors(code: str) -> list[str]:
    """The code's parents up to its root."""
    chain: list[str] = []
    parent = _PARENTS.get(code)
    while parent is not None:
        chain.append(parent)
        parent = _PARENTS.get(parent)
    return chain


def _is_tissue(code: str) -> bool:
    """A root or a tissue (a child of a root): "Lung", "Head and neck", "Lymphoid", and the
    first level of the blood cancers ("Non-Hodgkin lymphoma"), which gives way to a type
    named with it ("Non-Hodgkin Lymphoma; DLBCL": DLBCL)."""
    parent = _PARENTS.get(code)
    return parent is None or _PARENTS.get(parent) is None


# A tissue code that the synonyms give for one organ of two: "oesophageal cancer" is the
# oesophagus and stomach tissue, yet a stomach type named beside it ("Esophageal Neoplasms;
# Stomach Neoplasms") does not say which oesophageal cancers the trial takes. Such a tissue gives
# way only to the types of its own organ.
_TISSUE_TYPES: dict[str, tuple[str, ...]] = {"ESOPHAGUS_STOMACH": ("ESCA", "ESCC")}


def _simplify(codes: Iterable[str]) -> tuple[str, ...]:
    """Drop what another named code says better.

    SOLID absorbs the solid codes ("Solid tumour; Pancreatic cancer": any solid tumour); a
    tumour type absorbs its subtypes ("Colorectal cancer; Rectal cancer": colorectal); a
    tissue gives way to a tumour type under it ("Head and neck cancer; HNSCC": HNSC).
    """
    unique = list(dict.fromkeys(codes))
    named = set(unique)
    kept = []
    for code in unique:
        above = [a for a in ancestors(code) if a in named]
        if any(a == "SOLID" or not _is_tissue(a) for a in above):
            continue  # absorbed by SOLID or by its tumour type
        if code != "SOLID" and _is_tissue(code):
            below = [
                other
                for other in named
                if code in ancestors(other) and other in _TISSUE_TYPES.get(code, (other,))
            ]
            if below:
                continue  # a tissue next to a tumour type in it
        kept.append(code)
    return tuple(kept)


def condition_codes(terms: Iterable[str]) -> tuple[str, ...]:
    """The codes the terms name, once each, in the order first named."""
    return _simplify(code for term in terms for code in codes_in(term))


@dataclass(frozen=True)
class Diagnosis:
    """The condition codes a record names and the registry words they came from."""

    codes: tuple[str, ...]
    terms: tuple[str, ...]


def diagnosis_codes(
    conditions: Iterable[str],
    keywords: Iterable[str] = (),
    titles: Iterable[str] = (),
    statements: Iterable[str] = (),
    inclusion: Iterable[str] | None = None,
    cohorts: Iterable[tuple[str, str]] = (),
) -> Diagnosis:
    """The record's condition codes: conditions first, else keywords, else titles.

    `titles` is the brief title then the official one; only the brief title's "solid
    tumours" widens a list of conditions to SOLID (official titles list the cohorts' types).
    `statements` are the inclusion lines that state the diagnosis ("Histologically confirmed
    non-small cell lung cancer"): they refine a condition named only by its organ ("Lung
    Cancer" -> NSCLC) and, when nothing else maps, name the condition. `inclusion` is every
    inclusion line (the statements when not given): a registry condition none of them names
    is not kept against the diagnosis lines.

    `cohorts` are the inclusion lines of named cohorts, parts or arms, as (scope, line):
    when no line for everyone states the diagnosis and every cohort's first diagnosis line
    names its types, the trial is for those types ("Inclusion Criteria for Melanoma Cohort:
    histologically confirmed metastatic melanoma"), whatever the registry lists.

    Registry conditions that name a cancer in general next to both solid and blood cancers
    ("Malignancy; Solid Tumours; Lymphoproliferative Disorders"), with no diagnosis line
    naming a type, are any cancer: no code, for a curator.
    """
    statements, cohorts = list(statements), list(cohorts)
    inclusion = statements if inclusion is None else list(inclusion)
    conditions, keywords = [t for t in conditions if t.strip()], [t for t in keywords if t.strip()]
    titles = [t for t in titles if t and t.strip()]
    # What a line gives as examples ("cancer, e.g. leukaemia or sarcoma") is not its list.
    stated = _stating_lines([_without_examples(text) for text in statements])
    for source in (conditions, keywords, titles, stated):
        # (a diagnosis line gives the codes it admits: not those after "with the exception of"
        # in "any malignancy, with the exception of basal cell skin carcinoma")
        read = _line_codes if source is stated else codes_in
        mapped = [term for term in source if read(term)]
        if not mapped:
            continue
        codes = [code for term in mapped for code in read(term)]
        terms = mapped
        if source is stated and "SOLID" in codes and _solid_from_list(stated):
            # "Advanced solid tumours treated as follows:" then "NSCLC ...", "RCC ...": the
            # listed types, as when a registry condition names the solid tumours.
            codes = [code for code in codes if code != "SOLID"]
        # The conditions, or the brief title when the registry names no condition ("Solid
        # Tumours Including EGFR-Mutated NSCLC" with a text for NSCLC alone).
        named = source if source is conditions else titles[:1] if source is titles else None
        if named is not None and "SOLID" in codes and _text_gives_types(inclusion, named):
            # "Malignant Solid Neoplasm; Melanoma; Renal Cell Carcinoma" for a text whose
            # diagnosis lines name those types and never any solid tumour: the types.
            codes = [code for code in codes if code != "SOLID"]
        if source is conditions and all(_is_tissue(code) for code in codes):
            # "Neoplasms, Head and Neck" for a trial titled "... Head and Neck Squamous Cell
            # Carcinoma", "Lung Cancer" for one whose text says NSCLC: the tumour type.
            for finer_source in (titles[:1], stated):
                finer = [
                    (code, text)
                    for text in finer_source
                    # (less what the line leaves out: "acute leukaemia (except APL)")
                    for code in (_line_codes(text) if finer_source is stated else codes_in(text))
                    if any(tissue in ancestors(code) for tissue in codes)
                    and (
                        finer_source is not stated
                        or (
                            code not in _subtypes_beside(codes, text)
                            and not _unread_alternative(text, codes)
                        )
                    )
                ]
                if finer:
                    codes.extend(code for code, _ in finer)
                    terms = [*mapped, *(text for _, text in finer)]
                    # A group of tissues in one name ("Hematologic Neoplasms": lymphoid and
                    # myeloid) is the tissues the text names types of, when it names some.
                    covered = {t for code, _ in finer for t in ancestors(code)}
                    # (not a term that lists several names: "Lung Neoplasms, Renal Neoplasms")
                    for term in mapped:
                        group = codes_in(term)
                        one_name = len(_spans(normalise(term))) <= 1
                        if one_name and len(group) > 1 and set(group) & covered:
                            codes = [c for c in codes if c not in set(group) - covered]
                    break
            else:
                # "Larynx Cancer" with "Biopsy-confirmed squamous cell carcinoma": the organ's
                # squamous cell type, when the first diagnosis line names no other histology.
                squamous = _squamous_type(codes, stated, conditions)
                if squamous:
                    codes.append(squamous)
                    terms = [*mapped, *(stated[:1] if stated else [])]
        if (
            source is not conditions
            and stated
            and "SOLID"
            in [code for clause in _diagnosis_clauses(stated[0]) for code in _admitted(clause)]
        ):
            # Keywords or a title name examples ("brain metastases from breast cancer") of a
            # text for any solid tumour: the text first.
            codes = [*codes, "SOLID"]
            terms = [*mapped, stated[0]]
        if source is conditions and _any_cancer(conditions, codes, stated):
            return Diagnosis((), tuple(conditions))
        if (
            source is conditions
            and set(codes) == {"CNS_BRAIN"}
            and any(_for_brain_metastases(text) for text in [*titles[:1], *stated])
        ):
            # "Neoplasm Metastasis; Brain Neoplasms" for "malignancy with one to four brain
            # metastases": the brain is where the metastases are, not the cancer; the
            # keywords, title or lines may name the primary one.
            continue
        if (
            source is conditions
            and "CNS_BRAIN" in codes
            and any(_BRAIN_METASTASES.search(normalise(term)) for term in source)
            and any(code != "CNS_BRAIN" for code in codes)
        ):
            # "Brain Metastases; Brain Cancer; Lung Cancer": the brain cancer is the metastases.
            codes = [code for code in codes if code != "CNS_BRAIN"]
        if source is conditions:
            # "Leukemia; Myelodysplastic Syndromes" with "AML, MDS or CMML": a leukaemia of no
            # named kind takes the blood cancers the diagnosis lines name.
            blood = not set(codes) & _LEUKAEMIAS and any(
                _GENERIC_LEUKAEMIA.fullmatch(normalise(term)) for term in conditions
            )
            added, used = _stated_types(codes, stated, blood=blood)
            by_organ, lines_used = _cohorts_organ_types(codes, added, cohorts)
            added, used = [*added, *by_organ], [*used, *lines_used]
            also = [code for code in _also_eligible(stated) if code not in codes]
            codes = [*codes, *added, *also]
            trimmed = _as_the_text_lists(codes, inclusion, stated, titles[:1])
            if trimmed != codes:
                used.append(stated[0])
            codes = trimmed
            codes = _broadened(codes, stated)
            codes = _widened(codes, stated)
            lines = _diagnosis_lines(stated, [_without_examples(text) for text in statements])
            narrowed = _narrowed(codes, lines)
            if narrowed != codes:
                line = _first_naming(lines)
                if line not in used:
                    used.append(line)
                codes = narrowed
            # The words the codes came from include the lines that changed them.
            terms = [*terms, *used]
        typed_for_all = any(_admitted(c) for line in stated for c in _diagnosis_clauses(line))
        by_cohort = _cohorts_types(cohorts) if source is conditions and not typed_for_all else []
        if by_cohort:
            codes = by_cohort
        elif source is conditions and not typed_for_all and _a_cohort_for_any_solid(cohorts):
            # "Advanced solid tumour (phase I only)" beside "SCLC (phase II)": one part takes
            # any solid tumour, so the trial does (its blood cancers kept)
            codes = ["SOLID", *(c for c in codes if c != "SOLID" and "SOLID" not in ancestors(c))]
        if (
            "SOLID" not in codes
            and not by_cohort
            and not _text_lists_types(codes, stated)
            and not (named is not None and _text_gives_types(inclusion, named))
        ):
            # "A study in advanced solid tumours" as the brief title covers every solid code;
            # "selected solid tumours" are the listed ones, and so are the types a diagnosis
            # line lists ("one of the following solid tumours: NSCLC, HNSCC, ...").
            solid = [
                t
                for t in titles[:1]
                if "SOLID" in codes_in(t) and not _SELECTED.search(normalise(t))
            ]
            if solid:
                codes.append("SOLID")
                terms = [*mapped, solid[0]]
        if source is conditions:
            codes = _kept_whole(codes, stated)
            codes = _not_left_out(codes, stated)
        if source is conditions or source is stated:
            # (a diagnosis line's "solid tumour or lymphoma" is every lymphoma too, when no
            # registry condition maps)
            codes = _lymphoma_kept(codes, stated)
        if set(_simplify(codes)) == _ROOTS:
            # "solid tumour or haematological malignancy": every cancer, no code to give.
            return Diagnosis((), tuple(dict.fromkeys(terms)))
        return Diagnosis(_simplify(codes), tuple(dict.fromkeys(terms)))
    return Diagnosis((), tuple(conditions or keywords or titles[:1]))


def _line_codes(line: str) -> tuple[str, ...]:
    """The codes a diagnosis line names, less what each sentence leaves out after "excluding",
    "other than" or "with the exception of"."""
    sentences = re.split(r"[.;](?!\d)", normalise(line))
    return codes_in("; ".join(_LEAVES_OUT.split(sentence, maxsplit=1)[0] for sentence in sentences))


def diagnosis_statements(lines: Iterable[str], first: int = 6) -> list[str]:
    """The inclusion lines for everyone that may state the diagnosis: the first `first` of
    them and, when none of those names a tumour type (consent, age and laboratory lines come
    first), the first later line that states one ("Histologically confirmed AML" as the ninth
    line). A later line about one part, cohort or phase, or about a cancer that is not the
    trial's ("history of ..."), is not taken."""
    lines = list(lines)
    head = lines[:first]
    stated = _stating_lines([_without_examples(text) for text in head])
    if any(_types_named(line) for line in stated):
        return head
    for line in lines[first:]:
        text = _without_examples(line)
        if not _stating_lines([text]) or _FOR_SOME.search(normalise(text)):
            continue
        if any(_admitted(clause) for clause in _diagnosis_clauses(text)):
            return [*head, line]
    return head


# Words that bind a line to some participants only ("to be enrolled in the expansion cohort",
# "Subprotocol A", "Phase I: ...").
_FOR_SOME = re.compile(
    r"\b(?:cohorts?|parts?|arms?|groups?|subprotocols?|sub studies|sub study|substudy|"
    r"expansion|escalation|phase (?:i+|[12])[ab]?|stratum|strata)\b"
)


def _kept_whole(codes: list[str], stated: list[str]) -> list[str]:
    """A blood cancer's first level ("non-Hodgkin lymphoma", "AML") that a diagnosis line
    names itself stays whole: the subtypes an old registry list enumerates beside it ("stage
    IV mantle cell lymphoma", "recurrent grade 1 follicular lymphoma") are its examples, unless
    a diagnosis line names them too. A first level a clause names on its own, in a list that
    names a subtype in another clause ("relapsed AML; relapsed APL after arsenic"), takes that
    subtype in: the trial is for the whole first level."""
    clauses = [clause for line in stated for clause in _diagnosis_clauses(line)]
    named = {c for clause in clauses for c in _admitted(clause)}
    whole = [
        c
        for c in named
        if _is_tissue(c)
        and _PARENTS.get(c) in _BLOOD_ROOTS
        and any(c == code or c in ancestors(code) for code in codes)
    ]
    if not whole:
        return codes
    # (what a clause names before its colon introduces a list: "the following types of NHL:";
    # a subtype the table reads at its first level, "marginal zone lymphoma", is no name of it)
    items = [(item, _admitted(item)) for item in (c.rsplit(":", 1)[-1] for c in clauses)]
    alone = {
        c
        for item, found in items
        for c in found
        if c in whole
        and c in _OWN_NAMES
        and _OWN_NAMES[c].search(item)
        and not any(c in ancestors(other) for other in found)
    }
    # (subtypes a clause names beside the first level itself are its examples: "CD20+ B-cell
    # NHL including diffuse large B-cell, follicular and mantle cell lymphoma")
    named -= {c for item, _ in items for c in _examples_of(item, whole)}
    kept = [
        c
        for c in codes
        if not set(ancestors(c)) & alone and (c in named or not set(ancestors(c)) & set(whole))
    ]
    return [*kept, *(c for c in whole if c not in kept)]


_INCLUDING = re.compile(r"\binclud(?:ing|es?)\b")


def _examples_of(item: str, whole: list[str]) -> set[str]:
    """The subtypes an item lists after "including" the first level it names ("NHL including
    diffuse large B-cell lymphoma and follicular lymphoma")."""
    spans = _spans(item)
    found: set[str] = set()
    for _, end, codes in spans:
        if not set(codes) & set(whole):
            continue
        for other_start, _, other in spans:
            if other_start > end and _INCLUDING.search(item[end:other_start]):
                found.update(c for c in other if set(ancestors(c)) & set(codes))
    return found


def _lymphoma_kept(codes: list[str], stated: list[str]) -> list[str]:
    """A registry's "Lymphoma" that a diagnosis line admits by that word ("recurrent malignant
    lymphoma or Hodgkin's disease", "solid tumour or lymphoma") is every lymphoma, Hodgkin and
    non-Hodgkin (the corpus labels read it so): the lymphoma types named beside it, or listed
    by an old registry, are its examples, not the only ones the trial takes."""
    if "LYMPH" not in codes:
        return codes
    for line in stated:
        for clause in _diagnosis_clauses(line):
            if "LYMPH" not in _admitted(clause):
                continue
            for start, end, found in _spans(clause):
                if (
                    found == ("LYMPH",)
                    and re.fullmatch(r"lymphomas?", clause[start:end])
                    # ("lymphoma of the following types: ..." is the listed ones)
                    and not _LIST_AFTER.match(clause[end:])
                    and not clause[end:].lstrip().startswith(":")
                ):
                    whole = {"NHL", "HL"}
                    kept = [
                        code
                        for code in codes
                        if code != "LYMPH" and not set(ancestors(code)) & whole
                    ]
                    return [*kept, *(code for code in ("NHL", "HL") if code not in kept)]
    return codes


def _not_left_out(codes: list[str], stated: list[str]) -> list[str]:
    """The registry's codes less those a diagnosis line leaves out ("B-cell lymphomas
    excluding chronic lymphocytic leukaemia" beside the registry's "small lymphocytic
    lymphoma"), unless a diagnosis line admits them."""
    out: set[str] = set()
    admitted: set[str] = set()
    for line in stated:
        for clause in _diagnosis_clauses(line):
            admitted.update(_admitted(clause))
            parts = _LEAVES_OUT.split(clause, maxsplit=1)
            if len(parts) == 2:
                out.update(code for _, _, found in _spans(parts[1]) for code in found)
    out -= admitted
    kept = [c for c in codes if not ({c, *ancestors(c)} & out)]
    return kept if kept else codes


_BLOOD_ROOTS = ("LYMPH", "MYELOID")
# The first levels' own names, which a subtype's name never contains.
_OWN_NAMES = {
    "AML": re.compile(
        r"\bacute (?:myeloid|myelogenous|non lymphocytic|myelocytic|granulocytic|myeloblastic) "
        r"leukemias?|\baml\b"
    ),
    "NHL": re.compile(r"\bnon hodgkin'?s? lymphomas?|\bnhl\b"),
}


# The squamous cell type of an organ whose cancers are mostly squamous, for a diagnosis line
# that names the histology and not the organ again.
_SQUAMOUS_TYPES = {"HEAD_NECK": "HNSC", "ESOPHAGUS_STOMACH": "ESCC", "CERVIX": "CESC"}
_SQUAMOUS = re.compile(r"(?<!non )\bsquamous cell (?:carcinomas?|cancers?)\b")
_BARE_SQUAMOUS = re.compile(
    r"(?:(?:recurrent|metastatic|advanced|locally advanced|unresectable) )*"
    r"squamous cell (?:carcinomas?|cancers?)"
)
_OTHER_HISTOLOGY = re.compile(
    r"adeno|small cell|undifferentiated|lymphoepithelial|neuroendocrine|sarcoma|melanoma|"
    r"lymphoma|non squamous|salivary|thyroid|histolog\w* (?:type|subtype)s?|"
    # (the nasopharynx as one site in a list of the squamous cancer's sites is no other type)
    r"nasopharyn(?!x)|(?<!, )(?<!\bor )(?<!\band )nasopharynx(?!,| or\b| and\b)|"
    r"any (?:histolog|type)|other (?:histolog|type)"
)


def _squamous_type(
    codes: list[str], stated: list[str], conditions: Iterable[str] = ()
) -> str | None:
    """The squamous cell type of the registry's one organ that the first diagnosis line
    names by histology alone ("confirmed squamous cell carcinoma, including verrucous"), or
    that a condition of its own names ("Head and Neck Cancer; Squamous Cell Carcinoma")."""
    if len(codes) != 1 or codes[0] not in _SQUAMOUS_TYPES:
        return None
    if any(_BARE_SQUAMOUS.fullmatch(normalise(term)) for term in conditions):
        return _SQUAMOUS_TYPES[codes[0]]
    if not stated:
        return None
    line = normalise(stated[0])
    if not _SQUAMOUS.search(line) or _OTHER_HISTOLOGY.search(line) or _LEAVES_OUT.search(line):
        return None
    if not any(_SQUAMOUS.search(clause) for clause in _diagnosis_clauses(stated[0])):
        return None
    if any(_PAST.search(line[: match.start()]) for match in _SQUAMOUS.finditer(line)):
        return None
    return _SQUAMOUS_TYPES[codes[0]]


# A leukaemia of no named kind ("Leukemia", "Recurrent Adult Leukemia", "Relapse Leukemia").
_GENERIC_LEUKAEMIA = re.compile(
    r"(?:(?:recurrent|relapsed?|refractory|adult|childhood|pediatric|secondary|acute|chronic|"
    r"and|or|,) )*leukemias?"
)


_LEUKAEMIAS = {"ALL", "AML", "APL", "CLL", "CML", "CMML", "HCL", "MPAL", "TLGL"}


# The roots of the tree: a trial named for all three is for any cancer.
_ROOTS = {code for code, parent, *_ in CONDITIONS if parent is None}


# Words that rule a diagnosis out anywhere in its clause, and words that do so only next to
# it (between the same commas: "negative margins", "in the absence of metastasis").
_LEAVES_OUT = re.compile(
    r"\b(?:excluding|except(?:ing)?(?: for)?|other than|with the exception of)\b"
)
_NOT_ADMITTED = re.compile(
    r"\b(?:exclud\w*|not eligible|ineligible|other than|except\w*|excluding|not allowed|"
    r"are not|is not|non(?! small cell| measurable| evaluable| target| melanoma skin| squamous|"
    r" hodgkin| hematologic| resectable| operable| metastatic)|"
    r"mixed)\b"
)
# A negation about the disease's treatment, not its type: "NSCLC that is not amenable to
# curative therapy", "disease that is not resectable", "not eligible for curative surgery".
_DISEASE_STATE = re.compile(
    r"\b(?:(?:is|are) )?not (?:(?:amenable|suitable|appropriate|fit|candidates?|a candidate|"
    r"considered) "
    r"(?:to|for) |eligible for )(?:\w+ ){0,2}?(?:curative|surgical|surgery|resection|radical|"
    r"definitive|local|locoregional|standard|transplant\w*|treatment|therapy|therapies)\b|"
    r"\b(?:is|are) not (?:resectable|operable|curable)\b|"
    # "solid tumour for which standard therapy is not available", "... that is not responsive
    # to standard therapy"
    r"\b(?:therapy|therapies|treatments?|options?) (?:is|are) not (?:available|effective)\b|"
    r"\b(?:is|are) not responsive to\b"
)
# A cancer of the past is not the trial's ("a history of breast cancer", "prior invasive
# malignancy"), though a line may name past treatment of the trial's own cancer ("melanoma
# that progressed on prior anti-PD-1 therapy").
# "the patient's melanoma must have progressed" refers back to the cancer the line named.
_REFERS_BACK = re.compile(
    r"\b(?:(?:patient|participant|subject)'?s'?|their|his|her|its|this|such) $"
)
# Solid tumours drawn from a list ("1 of the following advanced solid tumours", "a solid
# tumour from the following list") are the listed ones, not any solid tumour.
# ("the following: any advanced solid tumour" is any solid tumour).
_LIST_BEFORE = re.compile(
    r"\b(?:following|select(?:ed)?|certain|specific|specified|listed)(?: [^\s:]+){0,6} $"
)
# ("solid tumours of the following types", "solid cancer for which the drug has an
# indication: renal cell carcinoma, colorectal adenocarcinoma, ...")
_LIST_AFTER = re.compile(
    r"(?: [^\s:]+){0,4}? (?:following|follows|listed|below|list)\b|"
    r"(?: [^\s:]+){0,8}? (?:indications?|indicated|approved) ?:"
)
# ("treatment of preceding MDS/MPD", "AML with an antecedent haematological disorder": the
# disease the trial's one came from)
_PAST = re.compile(
    r"\b(?:history of|prior|previous(?:ly diagnosed)?|preceding|antecedent)"
    r"(?: (?!for\b|with\b|on\b|after\b|to\b|of\b)\S+){0,3} $"
)
# ("triple negative", "HER2 negative" name a phenotype, not a cancer ruled out)
_NOT_ADMITTED_NEAR = re.compile(
    r"\b(?:without|free of|(?<!triple )(?<!her2 )(?<!receptor )negative|margins?|absence)\b"
)
_SELECTED = re.compile(
    r"\b(?:select(?:ed)?|certain|specific|specified)\b"
    r"(?: (?!patients|participants|subjects|adults|children)\w+){0,4} solid\b"
)


def _related(one: str, other: str) -> bool:
    return one == other or one in ancestors(other) or other in ancestors(one)


def _as_the_text_lists(
    codes: list[str], inclusion: Iterable[str], stated: list[str], titles: list[str]
) -> list[str]:
    """The registry's conditions less those the eligibility text leaves out, when the first
    diagnosis line names the trial's types and no other inclusion line names a condition but
    as a past one: "Gastrointestinal Cancer; Oesophageal Adenocarcinoma; Pancreatic Cancer"
    with "Histologically confirmed colorectal, pancreatic or gastric adenocarcinoma" is not
    for oesophageal adenocarcinoma, "Advanced Melanoma; Advanced Rectal Carcinoma" with
    "Histologically confirmed unresectable melanoma" and no rectal cancer in the text is for
    melanoma. A condition the brief title names stays. A line for any "advanced solid
    tumour" makes the listed solid types examples: SOLID."""
    if not stated or "SOLID" in codes:
        return codes
    line = stated[0]
    listed = {code for clause in _diagnosis_clauses(line) for code in _admitted(clause)}
    if "SOLID" in listed:
        # A blood cancer of the registry's stays only when an inclusion line names it ("solid
        # tumour" in the text, "Acute Myeloid Leukemia" among the conditions: solid tumours).
        named = [code for other in inclusion for code in _named(other)]
        kept = [
            code
            for code in codes
            if "SOLID" in ancestors(code) or any(_related(code, other) for other in named)
        ]
        return [*kept, "SOLID"]
    if not listed or any(not any(_related(code, c) for c in codes) for code in listed):
        return codes  # the line lists no types, or one not registered
    for other in inclusion:
        other = _without_examples(other)
        if other != line and any(
            not any(_related(code, c) for c in listed) for code in _named(other)
        ):
            return codes  # another line names a condition of its own (a cohort)
    if len(listed) == 1:
        # One type named: keep whatever else the line names too (a cohort it fails to admit).
        listed |= set(_named(line))
    # (the title's "solid tumours" keeps nothing: SOLID is every solid code's ancestor)
    listed |= {code for title in titles for code in _named(title) if code != "SOLID"}
    kept = [code for code in codes if any(_related(code, c) for c in listed)]
    return kept or codes


def _text_gives_types(inclusion: Iterable[str], conditions: Iterable[str]) -> bool:
    """Do the inclusion lines (cohorts' too) name the registry's solid tumour types, and never
    a solid tumour or a cancer in general as the disease ("histologically confirmed advanced
    malignancy")? A general word that leads into a list ("one of the following solid
    tumours:", "eligible tumour histologies include ...") is no cancer in general, and a
    registry condition for any cancer with a marker ("MSI-H Cancer", "Mismatch Repair
    Deficient Solid Malignant Tumor") keeps the trial open to any solid tumour."""
    conditions = list(conditions)
    if any(
        _MARKER.search(normalise(term))
        and re.search(rf"\b{_C}", normalise(term))
        and set(codes_in(term)) <= {"SOLID"}
        for term in conditions
    ):
        return False
    registered = [
        code
        for term in conditions
        for code in codes_in(term)
        if code != "SOLID" and "SOLID" in ancestors(code)
    ]
    typed = listing = False
    for line in inclusion:
        head = _without_examples(line)
        text = _spread(normalise(head))
        admitted = [code for clause in _diagnosis_clauses(head) for code in _admitted(clause)]
        # The items under "one of the following resected solid tumours:" ("NSCLC patients
        # after complete resection OR; Melanoma following complete resection"), on the line
        # itself or on the lines after it.
        intro = _list_intro(text)
        if intro is not None and not admitted:
            admitted = [c for item in re.split(r";", text[intro:]) for c in _admitted(item)]
        elif listing and not admitted:
            admitted = _admitted(text)
        listing = (intro is not None and intro == len(text)) or (listing and bool(admitted))
        if _open_list(text) or any(
            "SOLID" in codes and not _LIST_BEFORE.search(text[:start])
            for start, _, codes in _spans(text)
        ):
            return False
        # (a cancer word in a named type, "colorectal cancer", is no cancer in general)
        for start, end, _ in reversed(_spans(text)):
            text = f"{text[:start]}type{text[end:]}"
        text = re.sub(rf"\btype(?: {_C})+", "type", text)
        parts = [part for part in re.split(r"[.;](?!\d)", text) if part.strip()]
        for i, part in enumerate(parts):
            # (the list may open in the sentence after: "a diagnosis of malignancy. Eligible
            # tumour histologies include ...")
            if _GENERAL_DISEASE.search(part) and not any(
                _LIST_MARK.search(later) for later in parts[i : i + 2]
            ):
                return False
        typed = typed or any(_related(code, other) for code in admitted for other in registered)
    return typed


def _a_cohort_for_any_solid(cohorts: Iterable[tuple[str, str]]) -> bool:
    """Does a cohort's first diagnosis line admit any solid tumour?"""
    seen: set[str] = set()
    for scope, line in cohorts:
        if scope in seen:
            continue
        head = _without_examples(line)
        if clauses := _diagnosis_clauses(head):
            seen.add(scope)
            if any("SOLID" in _admitted(clause) for clause in clauses):
                return True
    return False


def _cohorts_types(cohorts: Iterable[tuple[str, str]]) -> list[str]:
    """The types the cohorts' first diagnosis lines admit, when every cohort has one that
    admits a type and none admits a solid tumour or a cancer in general; else none."""
    first: dict[str, list[str] | None] = {}
    for scope, line in cohorts:
        if first.get(scope) is not None:
            continue
        head = _without_examples(line)
        clauses = _diagnosis_clauses(head)
        if not clauses:
            first.setdefault(scope, None)
            continue
        admitted = [code for clause in clauses for code in _admitted(clause)]
        if not admitted or "SOLID" in admitted or _open_list(normalise(head)):
            return []
        first[scope] = admitted
    if len(first) < 2 or any(codes is None for codes in first.values()):
        return []
    return list(dict.fromkeys(code for codes in first.values() if codes for code in codes))


def _solid_from_list(stated: list[str]) -> bool:
    """Do the diagnosis lines draw their solid tumours from a list ("one of the following
    advanced solid tumours:", "solid tumours treated as follows:") whose items name solid
    types, and never admit any solid tumour?"""
    admitted = [
        c for line in stated for clause in _diagnosis_clauses(line) for c in _admitted(clause)
    ]
    listed = any(
        "SOLID" in codes_in(line)
        and (
            _LIST_INTRO.search(normalise(line)) is not None
            or _list_intro(_spread(normalise(line))) is not None
        )
        for line in stated
    )
    return (
        listed and "SOLID" not in admitted and any("SOLID" in ancestors(code) for code in admitted)
    )


def _list_intro(text: str) -> int | None:
    """Where the items begin after a line's lead-in to a list of tumour types ("one of the
    following solid tumours:", "eligible tumour types include:"), if it has one."""
    for match in re.finditer(":", text):
        before = text[: match.start()]
        if _LIST_MARK.search(before) or any(
            "SOLID" in codes
            and (_LIST_BEFORE.search(before[:start]) or _LIST_AFTER.match(text[end:]))
            for start, end, codes in _spans(before)
        ):
            return match.end()
    return None


def _text_lists_types(codes: list[str], stated: list[str]) -> bool:
    """Does the first diagnosis line list two or more of the registry's types, and no solid
    tumour in general?"""
    if not stated:
        return False
    listed = {code for clause in _diagnosis_clauses(stated[0]) for code in _admitted(clause)}
    return (
        len(listed) >= 2
        and "SOLID" not in listed
        and all(any(_related(code, c) for c in codes) for code in listed)
    )


def _any_cancer(conditions: list[str], codes: list[str], stated: list[str]) -> bool:
    """Do the registry's conditions name cancer in general, solid tumours and a blood cancer,
    with no diagnosis line naming a type?"""
    general = any(not codes_in(term) and _GENERAL.fullmatch(normalise(term)) for term in conditions)
    blood = any(root in ("LYMPH", "MYELOID") for code in codes for root in (code, *ancestors(code)))
    typed = any(_admitted(clause) for line in stated for clause in _diagnosis_clauses(line))
    return general and blood and "SOLID" in codes and not typed


def _named(line: str) -> list[str]:
    """The codes a line names, less those it names as past ("a history of skin cancer")."""
    text = _spread(normalise(line))
    return [
        code for start, _, codes in _spans(text) if not _PAST.search(text[:start]) for code in codes
    ]


def _also_eligible(stated: list[str]) -> list[str]:
    """The codes a diagnosis line adds as a population of its own ("Patients with confirmed
    metastatic cutaneous or mucosal melanoma are also eligible")."""
    return [
        code
        for line in stated
        if _ALSO.search(normalise(line))
        for clause in _diagnosis_clauses(line)
        for code in _admitted(clause)
    ]


def _broadened(codes: list[str], stated: list[str]) -> list[str]:
    """The organ the first diagnosis line names, when the registry's conditions are that organ
    and types in it: "Head and Neck Cancer; Oral Cancer" with "Histologically proven primary
    head and neck cancers" is for any head and neck cancer, not oral cancer only."""
    if not stated or "SOLID" in codes:
        return codes
    listed = {code for clause in _diagnosis_clauses(stated[0]) for code in _admitted(clause)}
    if not listed or not all(_is_tissue(code) and code in codes for code in listed):
        return codes
    if not all(any(_related(code, organ) for organ in listed) for code in codes):
        return codes  # the registry names another organ too (a cohort of its own)
    return [code for code in codes if code in listed]


def _widened(codes: list[str], stated: list[str]) -> list[str]:
    """The organ the first diagnosis line names beside the registry's type in it, when the
    line names nothing outside that organ: "Melanoma" with "melanoma of the skin and
    non-melanoma skin cancer" is for any skin cancer, not melanoma only."""
    if not stated or "SOLID" in codes:
        return codes
    listed = [code for clause in _diagnosis_clauses(stated[0]) for code in _admitted(clause)]
    organs = [
        code
        for code in dict.fromkeys(listed)
        if _is_tissue(code)
        and _PARENTS.get(code) in (None, "SOLID")
        and code not in codes
        and any(code in ancestors(registered) for registered in codes)
    ]
    if not organs or not any(
        code not in organs and any(_related(code, registered) for registered in codes)
        for code in listed
    ):
        return codes  # no organ, or the organ alone (the registry's type may be its reading)
    if not all(any(_related(code, organ) for organ in organs) for code in [*listed, *codes]):
        return codes  # the line or the registry names another organ too
    # The organ is a cancer of its own beside the type ("melanoma and other skin cancer"), not
    # the type's restatement ("lung cancer (NSCLC)", "liver cancer, HCC type").
    for clause in _diagnosis_clauses(stated[0]):
        spans = _spans(clause)
        for start, end, found in spans:
            if not set(found) & set(organs):
                continue
            for other_start, other_end, other in spans:
                if other == found:
                    continue
                between = clause[min(end, other_end) : max(start, other_start)]
                if re.search(r"\b(?:and|or)\b", between):
                    return organs
    return codes


# The disease a treatment was given for, in an inclusion line that names no diagnosis cue:
# "initiated PD-1 inhibitor treatment as the first line of therapy for unresectable metastatic
# cutaneous melanoma", "Radical surgery for cutaneous malignant melanoma stage IIb-c".
_TREATED_FOR = re.compile(
    r"\b(?:therapy|treatment|surgery|resection|excision)(?: [\w-]+){0,4}? (?:for|of) (?:an? )?"
)


def _types_named(line: str) -> list[str]:
    """The codes a diagnosis line admits; for a line that only names the disease a treatment
    was given for, the codes its words after "for" admit."""
    found = [code for clause in _diagnosis_clauses(line) for code in _admitted(clause)]
    if found or _states(normalise(line)):
        return found
    match = _TREATED_FOR.search(normalise(line))
    if not match:
        return []
    rest = re.split(r"[.;(]", normalise(line)[match.end() :], maxsplit=1)[0]
    return _admitted(_spread(rest))


def _diagnosis_lines(stated: list[str], statements: list[str]) -> list[str]:
    """The diagnosis lines; when none names a type, with the lines that name the disease as
    what a treatment was for, in their order ("no prior treatment for metastatic melanoma"
    after "confirmed acral melanoma" only refers back)."""
    if any(_types_named(line) for line in stated):
        return stated
    return [line for line in statements if line in stated or _types_named(line)] or stated


def _first_naming(stated: list[str]) -> str:
    """The first diagnosis line that admits a type (the first line when none does)."""
    for line in stated:
        if _types_named(line):
            return line
    return stated[0]


def _narrowed(codes: list[str], stated: list[str]) -> list[str]:
    """The registry's type narrowed to the subtypes the first diagnosis line admits, when the
    line admits nothing else and no other line admits the broader type: "Melanoma; Acral
    Melanoma" with "Histologically confirmed acral melanoma" is for acral melanoma only,
    "Non-small Cell Lung Cancer" with "documented squamous NSCLC" for squamous NSCLC."""
    if not stated or "SOLID" in codes:
        return codes
    # The first diagnosis line that names a type, not a "documented consent" or a "confirmed
    # stage III-IV" line before it: "Age >= 18; Measurable disease documented by CT;
    # Histologically confirmed cutaneous or mucosal melanoma" narrows "Melanoma" too.
    named = [(i, set(_types_named(line))) for i, line in enumerate(stated)]
    first, listed = next(((i, found) for i, found in named if found), (0, set()))
    if not listed or any(_is_tissue(code) for code in listed):
        return codes
    if _unread_alternative(stated[first]):
        return codes  # "high-grade serous ovarian cancer or high-grade endometrioid cancer"
    broader = {code for code in codes if any(code in ancestors(sub) for sub in listed)}
    if not broader or any(
        not any(_related(sub, code) for code in codes) or sub in broader for sub in listed
    ):
        return codes
    for i, admitted in named:
        if i != first and admitted & broader and not _restaged(stated[i], broader):
            return codes  # another line admits the broader type (a cohort of its own)
    kept = [code for code in codes if code not in broader]
    return [*kept, *(sub for sub in listed if sub not in kept)]


def _restaged(line: str, broader: set[str]) -> bool:
    """Does a later line name the broader type only as the stage of the disease the first line
    typed ("Advanced (not amenable to curative surgery) or metastatic (AJCC Stage IV) RCC"
    after "renal cell carcinoma with a clear-cell component"): a reference back, not a cohort?"""
    clauses = [c for c in _diagnosis_clauses(line) if set(_admitted(c)) & broader]
    return bool(clauses) and all(set(_admitted(c)) <= broader and _is_type_name(c) for c in clauses)


# (not a cancer word that names a tumour's course or material: "or differentiation of tumour
# progression versus treatment effects")
_ALTERNATIVE = re.compile(
    rf"\b(?:or|and/or)((?: [\w/]+){{0,4}}?) ({_C})\b"
    r"(?! (?:progression|response|growth|tissue|samples?|specimens?|lesions?|biops\w*|blocks?|"
    r"markers?|cells?|burden|size|volume)\b)"
)
# Words that name no kind of cancer ("or cytologically confirmed malignancy").
_NO_KIND = re.compile(
    r"(?:histolog\w*|cytolog\w*|patholog\w*|confirmed|diagnosed|documented|proven|advanced|"
    r"metastatic|recurrent|relapsed|refractory|unresectable|locally|other|any|solid|primary|"
    r"malignant|invasive|the|a|an|their|this|such|second|new|known)"
)


def _unread_alternative(line: str, within: Iterable[str] = ()) -> bool:
    """Does a diagnosis clause offer a cancer the table cannot read as an alternative ("...
    or high grade endometrioid cancer")? Then its subtypes are not the trial's only ones. With
    `within`, an alternative read as a code outside those tissues counts as unread too (an
    ovarian trial's "endometrioid cancer" is not the womb's)."""
    within = set(within)
    for clause in _diagnosis_clauses(line):
        spans = _spans(clause)
        for match in _ALTERNATIVE.finditer(clause):
            if all(_NO_KIND.fullmatch(word) for word in match.group(1).split()):
                continue
            # (read when a phrase of the table lies between the "or" and the cancer word:
            # "or gastroesophageal junction adenocarcinoma")
            start, end = match.start(1), match.end(2)
            read = [found for a, b, found in spans if a < end and start < b]
            if not read:
                return True
            if within and not any(
                within & {code, *ancestors(code)} for found in read for code in found
            ):
                return True
    return False


def _diagnosis_clauses(line: str) -> list[str]:
    """The clauses of a diagnosis line that state it, each parenthesis a clause of its own
    ("endometrial cancer (endometrial carcinoma or carcinosarcoma)"), organ lists spread.
    A classification's name ("the WHO classification of lymphoid malignancies") names no
    cancer of the trial's."""
    text = _CLASSIFICATION.sub(" ", normalise(line))
    main = _unbracketed(text, lambda match: " ")
    parts = re.split(r"[.;](?!\d)", main)
    stating = [_states(clause.strip()) for clause in parts]
    if _bare_type(main):
        # a line that is only a type's name ("CD20-positive diffuse large B-cell lymphoma",
        # an item under "one of the following diseases:") states it
        stating = [True for _ in parts]
    # The items of a list that a stating clause opens ("... metastatic disease, including;
    # Malignant Melanoma (MM); Classical Hodgkin Lymphoma (HL)") are bare type names.
    clauses = [
        clause
        for i, clause in enumerate(parts)
        if stating[i] or (any(stating[:i]) and _is_type_name(clause))
    ]
    # The items of a list that a stating clause opens within the line ("Diagnosis of 1 of the
    # following: relapsed AML; CML in blast phase; MDS, including CMML"), each read as the
    # type it opens with, as when each item is a line of its own.
    opened = next(
        (
            i
            for i, clause in enumerate(parts)
            if any(stating[: i + 1]) and _LIST_INSIDE.search(clause)
        ),
        None,
    )
    if opened is not None:
        for clause in parts[opened + 1 :]:
            item = _item_type(clause.strip())
            if item and clause not in clauses:
                clauses.append(item)
    # A parenthesis is a clause of its own when the sentence it stands in states the
    # diagnosis and does not rule it out ("Patients with APL (acute promyelocytic leukaemia)
    # are not eligible" admits no APL; nor does "excluding uveal (ocular) melanoma").
    kept = {i for i, clause in enumerate(parts) if clause in clauses}
    blanked = _unbracketed(text, lambda match: " " * len(match.group()))
    ends = [match.start() for match in re.finditer(r"[.;](?!\d)", blanked)]
    for match in re.finditer(r"\(([^()]*)\)", text):
        i = sum(1 for end in ends if end < match.start())
        if i not in kept or _NOT_ADMITTED.search(parts[i]):
            continue
        if _LEAVES_OUT.search(blanked[(ends[i - 1] + 1 if i else 0) : match.start()]):
            continue
        if _restates(text[: match.start()], match.group(1)):
            continue
        clauses += re.split(r"[.;](?!\d)", match.group(1))
    return [_spread(" ".join(clause.split())) for clause in clauses]


# "WHO classification of lymphoid malignancies", "... of tumours of haematopoietic and lymphoid
# tissues", "the TNM stage of lung cancer": the name of the classification or staging system a
# diagnosis follows.
_CLASSIFICATION = re.compile(
    r"\b(?:classification|(?:tnm|ajcc|uicc|iaslc) stage|staging(?: system| manual)?) "
    r"(?:of|for) (?:the )?(?:[a-z]+ ){0,4}?"
    r"(?:malignanc(?:y|ies)|neoplasms?|tumors?|tissues?|diseases?|cancers?|carcinomas?)"
    r"(?: of (?:the )?(?:[a-z]+ ){0,4}?tissues?)?"
)


def _unbracketed(text: str, blank: Callable[[re.Match[str]], str]) -> str:
    """The text with each parenthesis replaced by `blank`, those that hold another too
    ("(not suitable for ... (IASLC) staging)")."""
    while True:
        replaced = re.sub(r"\([^()]*\)", blank, text)
        if replaced == text:
            return text
        text = replaced


# A stating line that introduces a list of diseases ("Diagnosis of 1 of the following:").
_LIST_INTRO = re.compile(r"\b(?:following|as follows)\b[^.;]*:$")
# Words that may come before the type an item of such a list opens with.
_ITEM_QUALIFIERS = re.compile(
    r"(?:(?:high|low|intermediate|risk|de|novo|newly|diagnosed|previously|untreated|relapsed|"
    r"refractory|recurrent|advanced|metastatic|primary|secondary|therapy|related|adult|"
    r"childhood|aggressive|indolent|castrat(?:e|ion)|resistant|sensitive|hr\+?|her2\+?|"
    r"or|and|(?:patients?|participants?|subjects?) with) )*"
)
_LIST_INSIDE = re.compile(r"\bfollowing\b[^.;:]*:\s*\S")


def _item_type(text: str) -> str | None:
    """The type a normalised list item opens with ("chronic myelogenous leukemia in blast
    phase": "chronic myelogenous leukemia"), or None when it opens with something else."""
    opening = _ITEM_QUALIFIERS.match(text)
    start = opening.end() if opening else 0
    spans = _spans(text)
    if spans and spans[0][0] == start:
        return text[: spans[0][1]]
    return None


def _stating_lines(lines: list[str]) -> list[str]:
    """The lines that state the diagnosis: a stating word, a line that is only a type's
    name, and the items of a list a stating line introduces ("Diagnosis of 1 of the
    following:" then "Acute myeloid leukaemia (AML) by FAB criteria"), each read as the type
    it opens with."""
    stated: list[str] = []
    listing = False
    for line in lines:
        text = normalise(line)
        if listing:
            opening = _ITEM_QUALIFIERS.match(text)
            start = opening.end() if opening else 0
            spans = _spans(text)
            if spans and spans[0][0] == start:
                item = text[: spans[0][1]]
                stated.append(line if _bare_type(text) else item)
                continue
        listing = False
        if _states(text) or _bare_type(text):
            stated.append(line)
            listing = bool(_LIST_INTRO.search(text))
    return stated


def _bare_type(text: str) -> bool:
    """Is a normalised line only a tumour type's name ("Non-Hodgkin's lymphoma", "CD20
    positive diffuse large B-cell lymphoma"), one clause long?"""
    parts = [part for part in re.split(r"[.;:](?!\d)", text) if part.strip()]
    return len(parts) == 1 and _is_type_name(parts[0].strip())


def _restates(before: str, inner: str) -> bool:
    """Does a parenthesis only restate the type just before it, or a broader one
    ("adenocarcinoma subtype non-small cell lung cancer (NSCLC)")?"""
    spans = _spans(_spread(before.rstrip()))
    if not spans or spans[-1][1] != len(_spread(before.rstrip())):
        return False
    named = _read(_spread(inner.strip()))[0]
    last = spans[-1][2]
    return bool(named) and all(
        any(code == other or code in ancestors(other) for other in last) for code in named
    )


def _is_type_name(clause: str) -> bool:
    """Is the clause a tumour type's name and little else ("classical hodgkin lymphoma",
    "malignant melanoma")?"""
    clause = " ".join(_TYPE_ADJECTIVES.sub(" ", clause).split())
    return bool(clause) and _read(_spread(clause))[1] >= 0.6 * len(clause)


_TYPE_ADJECTIVES = re.compile(
    r"\b(?:malignant|classical|classic|advanced|metastatic|recurrent|relapsed|refractory|"
    r"primary|invasive|unresectable|inoperable|locally|newly diagnosed|and|or|non squamous|"
    r"squamous)\b|/"
)


def _admitted(clause: str) -> list[str]:
    """The codes a diagnosis clause admits, in order: none when it rules something out ("DCIS
    is not eligible", "a history of breast cancer"), nor one with "negative" or "without" by
    it."""
    # What follows "excluding" or "other than" is left out; what precedes it is admitted
    # ("cutaneous or acral melanoma, excluding mucosal and uveal melanoma").
    clause = _LEAVES_OUT.split(clause, maxsplit=1)[0]
    if _NOT_ADMITTED.search(_DISEASE_STATE.sub(" ", clause)):
        return []
    found: dict[str, None] = {}
    for start, end, codes in _spans(clause):
        # (within the type's commas and a few words of it: "NSCLC with 1-5 sites of progression
        # on checkpoint inhibitors with or without chemotherapy" is not "without NSCLC")
        left = max(clause.rfind(",", 0, start) + 1, _words_before(clause, start, 6))
        right = clause.find(",", end)
        right = min(right if right >= 0 else len(clause), _words_after(clause, end, 6))
        if _PAST.search(clause[:start]) or _REFERS_BACK.search(clause[:start]):
            continue
        if "SOLID" in codes and (
            _LIST_BEFORE.search(clause[:start]) or _LIST_AFTER.match(clause[end:])
        ):
            continue  # "one of the following solid tumours: ...": the list says which
        if not _NOT_ADMITTED_NEAR.search(clause[left:right]):
            found.update(dict.fromkeys(codes))
    if found and all("SOLID" in ancestors(code) for code in found) and _open_list(clause):
        # "tumours including but not limited to melanoma, ...", "NSCLC ... or any cancer that is
        # MSI-high": the named types are examples of any solid tumour.
        found["SOLID"] = None
    return list(found)


def _words_before(text: str, start: int, count: int) -> int:
    """Where the `count` words before `start` begin."""
    spaces = [i for i, ch in enumerate(text[:start]) if ch == " "]
    return spaces[-count - 1] + 1 if len(spaces) > count else 0


def _words_after(text: str, end: int, count: int) -> int:
    """Where the `count` words after `end` end."""
    spaces = [end + i for i, ch in enumerate(text[end:]) if ch == " "]
    return spaces[count] if len(spaces) > count else len(text)


def _open_list(clause: str) -> bool:
    """Does the clause leave its list of types open ("including but not limited to", "or any
    other solid tumour"), other than as a cancer it rules out ("no other malignancy")?"""
    return any(
        not _CLOSED_BEFORE.search(clause[: match.start()]) for match in _OPEN.finditer(clause)
    )


def _subtypes_beside(codes: list[str], line: str) -> set[str]:
    """The codes a clause of the line admits next to one of their ancestors that the registry
    names: "CD20+ B-cell NHL ... sub-types follicular, marginal zone and mantle cell lymphoma"
    admits NHL itself, and the subtypes are its examples, not a narrowing of it."""
    beside: set[str] = set()
    for clause in _diagnosis_clauses(line):
        admitted = _admitted(clause)
        beside.update(
            code
            for code in admitted
            if any(above in codes and above in admitted for above in ancestors(code))
        )
    return beside


def _stated_types(
    codes: list[str], stated: list[str], *, blood: bool = False
) -> tuple[list[str], list[str]]:
    """Tumour types of the same organ the diagnosis lines add to the registry's conditions
    ("Gastric Cancer" and "gastric or gastroesophageal junction adenocarcinoma": GEJ too), and
    the lines that added them; with `blood`, any lymphoid or myeloid type they name."""
    tissues = {
        ancestor
        for code in codes
        for ancestor in [code, *ancestors(code)]
        if _is_tissue(ancestor) and _PARENTS.get(ancestor) is not None
    }
    if blood:
        tissues |= {"LYMPH", "MYELOID"}
    added: list[str] = []
    used: list[str] = []
    for line in stated[:2]:
        # (a registry's organ stays whole when the line offers a cancer the table cannot
        # read beside the type: "high-grade serous ovarian or high-grade endometrioid cancer")
        unread = _unread_alternative(line, codes)
        beside = _subtypes_beside(codes, line)
        for clause in _diagnosis_clauses(line):
            joined = _joined_blood(codes, clause)
            for code in _admitted(clause):
                if code in joined and code not in added:
                    added.append(code)
                    if line not in used:
                        used.append(line)
                    continue
                # (the blood cancers' first level, AML or MDS, are types here)
                organ = _is_tissue(code) and not (blood and _PARENTS.get(code) in tissues)
                if code in codes or code in added or organ or code in beside:
                    continue
                if unread and set(codes) & set(ancestors(code)):
                    continue
                if tissues & set(ancestors(code)):
                    added.append(code)
                    if line not in used:
                        used.append(line)
    return added, used


def _cohorts_organ_types(
    codes: list[str], added: list[str], cohorts: list[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """The tumour types a cohort's diagnosis line names under an organ the registry names
    whole ("Esophageal Cancer" beside "For the Esophageal Expansion Cohort: ESCC or
    adenocarcinoma of the esophagus or GEJ"): the trial takes those types of that organ. Never
    a cancer of another organ, and never a type of an organ the registry already types; with
    the lines they came from."""
    organs = {code for code in codes if _is_tissue(code) and _PARENTS.get(code) is not None}
    more: list[str] = []
    used: list[str] = []
    for _, line in cohorts:
        for text in _stating_lines([_without_examples(line)]):
            found, _ = _stated_types([*codes, *added, *more], [text])
            new = [code for code in found if organs & set(ancestors(code)) and code not in added]
            if new:
                more += [code for code in new if code not in more]
                used.append(line)
    return more, used


def _joined_blood(codes: list[str], clause: str) -> set[str]:
    """The blood cancers' first levels a clause joins by "or" to a type the
    registry names or a subtype of one ("MDS or CMML with more than 5% blasts" beside the
    registry's "Myelodysplastic Syndromes"; "DLBCL, follicular or Hodgkin lymphoma" beside
    "Non-Hodgkin Lymphoma"): the trial is for those too."""
    spans = _spans(clause)
    joined: set[str] = set()
    for (_, end, before), (start, _, after) in itertools.pairwise(spans):
        if not _JOINS.fullmatch(clause[end:start]):
            continue
        for one, other in ((before, after), (after, before)):
            if any(c in codes or set(ancestors(c)) & set(codes) for c in one):
                joined.update(
                    c for c in other if c not in codes and _PARENTS.get(c) in _BLOOD_ROOTS
                )
    return joined


_JOINS = re.compile(r"\s*,?\s*(?:or|and/or|and or)\s*")


_BRAIN_METASTASES = re.compile(
    r"\b(?:brain|cns|central nervous system|intracranial|cerebral) metasta|"
    r"\bmetasta\w* (?:to|in) (?:the )?(?:brain|cns|central nervous system)\b"
)


def _for_brain_metastases(text: str) -> bool:
    """Does a title or line speak of brain metastases the patient has (not "no brain
    metastases", "a history of brain metastases")?"""
    text = normalise(text)
    return any(
        not _CLOSED_BEFORE.search(text[: match.start()])
        for match in _BRAIN_METASTASES.finditer(text)
    )


_GENERAL = re.compile(
    r"(?:(?:advanced|metastatic|recurrent|refractory|relapsed|unresectable) )*"
    r"(?:cancers?|malignanc(?:y|ies)|(?:malignant )?neoplasms?|(?:malignant )?tumors?)"
)
_ALSO = re.compile(
    r"\b(?:are|is) also (?:eligible|allowed|included)\b|\bmay also be (?:enrolled|included)\b"
)
# A cancer in general as the disease a line states, not a tumour's tissue or lesion.
# ("therapy for metastatic tumour", "their metastatic tumour" refer back to the trial's own)
_GENERAL_DISEASE = re.compile(
    r"(?:(?<!\bfor )(?<!\btheir )(?<!\bthe )(?<!\bits )(?<!\bthis )(?<!\bsuch )"
    r"\b(?:advanced|metastatic|recurrent|unresectable|refractory|relapsed|confirmed|"
    r"diagnos(?:is|ed) (?:of|with)|histolog\w*|cytolog\w*)(?: (?!type\b)[\w/]+){0,4}? "
    r"(?:cancers?|tumors?|neoplasms?|neoplasia)|"
    r"\bany (?:types? of )?(?:carcinomas?|sarcomas?)|"
    # (a second or other malignancy allowed beside the trial's is not its disease)
    r"(?<!second )(?<!other )(?<!another )(?<!concurrent )(?<!prior )(?<!previous )"
    r"(?<!additional )\bmalignan(?:cy|cies)|\bmalignant (?:tumors?|neoplasms?|diseases?))\b"
    r"(?! (?:tissue|samples?|specimens?|lesions?|biops\w*|blocks?|markers?|cells?|burden|size))"
)
# A molecular marker that defines a basket across tumour types.
_MARKER = re.compile(
    r"\b(?:msi|microsatellite|mismatch|d?mmr|tmb|mutational burden|fusions?|mutations?|"
    r"mutant|mutated|positive|expressing|amplifi\w*|alterations?|rearrange\w*)\b"
)
_LIST_MARK = re.compile(
    r"\bfollowing(?: [\w/]+){0,3} (?:malignanc\w*|cancers?|carcinomas?|tumors?|neoplasms?|"
    r"histolog\w*|types?|indications?|diseases?|diagnos\w*)\b|"
    r"\b(?:types?|histolog\w*|indications?)(?: [\w/]+){0,3} (?:include[sd]?|are|below|listed)\b|"
    r"\bas follows\b"
)
_OPEN = re.compile(
    r"\bnot limited to\b|"
    r"\bany (?:other )?(?:types? of )?(?:solid )?"
    r"(?:cancers?|tumors?|malignanc(?:y|ies)|neoplasms?)\b|"
    r"\bother (?:advanced |metastatic )?solid tumors?\b"
)
_CLOSED_BEFORE = re.compile(
    r"\b(?:no|not|without|free of|history of|prior|previous|another|second|concurrent)\b"
    r"[^,;.:]*$"
)
_EXAMPLES = re.compile(r"\b(?:e\.? ?g\.?|such as|for example|for instance)(?:\W|$)", re.IGNORECASE)
# "a diagnosis of cancer (including lymphoma)": what a cancer in general includes are its
# examples, not the trial's types ("solid tumour (including lymphoma)" adds the lymphoma); so
# are those of the blood cancers in general ("haematological malignancies (including MDS)").
_GENERAL_INCLUDING = re.compile(
    r"\b((?:of|with|any|an?|have|advanced|metastatic|confirmed|recurrent|relapsed|refractory|"
    r"unresectable) (?:ha?ematologic(?:al)? )?(?:cancers?|malignanc(?:y|ies)|neoplasms?|"
    r"tumou?rs?)) ?"
    r"\((?:including|incl\.?) [^()]*\)",
    re.IGNORECASE,
)


def _without_examples(line: str) -> str:
    """The line less the examples it gives: from "e.g." or "such as" to the end of its clause
    ("cancer, e.g. lymphoma or sarcoma"; "secondary AML, such as after MDS; CML in blast
    phase" keeps the CML)."""
    parts = _GENERAL_INCLUDING.sub(r"\1", line).split(";")
    for i, part in enumerate(parts):
        head = _EXAMPLES.split(part, maxsplit=1)
        if len(head) > 1:
            parts[i] = head[0]
    return ";".join(parts)


def _states(text: str) -> bool:
    """Does a normalised line or clause state the diagnosis: a stating word, or "Patients
    with" right before a type's name ("Patients with AML, ALL, NHL and MM")?"""
    if _STATES_DIAGNOSIS.search(text):
        return True
    opening = _WITH_TYPE.match(text)
    if opening is None:
        return False
    spans = _spans(text)
    return bool(spans) and spans[0][0] == opening.end()


# ("The subject has a solid tumour.")
_WITH_TYPE = re.compile(
    r"(?:the )?(?:patients?|participants?|subjects?) (?:with|having|has|have) (?:an? )?"
)
_STATES_DIAGNOSIS = re.compile(
    r"histolog\w*|cytolog\w*|patholog\w*|confirmed|documented|diagnos\w*|proven|"
    # NCI's heading "Documentation of disease." before the list of diseases
    r"^documentation of (?:the )?disease\b|"
    # a line that opens with the disease: "Locally advanced adenocarcinoma of the stomach ..."
    # "Patients must have metastatic renal cell cancer" opens with it too, as does "Patients
    # with an advanced solid tumour ...", "Previously untreated AML ..." and "Non-haematological
    # malignancy that has ...".
    r"^(?:(?:patients?|participants?|subjects?) (?:with|must have|must present with) )?"
    r"(?:an? )?(?:(?:measurable|evaluable|biopsy proven) )?(?:(?:locally|surgically) )?"
    r"(?:(?:previously )?untreated|advanced|metastatic|recurrent|unresectable|resectable|"
    r"inoperable|operable|relapsed|refractory|persistent|early|localized|primary|malignant|"
    r"non hematologic(?:al)? malignanc(?:y|ies))\b|"
    # "Stage IV squamous NSCLC.", "Stage IIIB or IV breast cancer": a stage, then the disease
    r"^(?:clinical |pathologic(?:al)? )?stage (?:[0-4]|[iv]+)[a-c]?\b(?! ?:)"
)
