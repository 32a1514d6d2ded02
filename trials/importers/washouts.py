"""Washouts a protocol line states: treatment class -> days, per class, with exceptions.

The shapes read (the protocols' words, after `extraction.normalise`):

- "A, B or C within 4 weeks (prior to the first dose)", "A <= 14 days before ...", "A in the
  last 2 weeks": the treatments are the words before the duration (back to the previous
  duration of the same clause);
- "at least 4 weeks since (the last) A", "more than 4 weeks must have elapsed since A", "at
  least 14 days after A", "6 weeks post dosing of A", "4 weeks from the end of A": the
  treatments are the words after it, up to "prior to" / "before" (">= 4 weeks from focal
  radiation", "treatment within 28 days with an investigational product" likewise);
- "time since last A >= 21 days", "A must be completed 4 weeks before", "wash-out period:
  A 3 weeks, B 2 weeks", "a washout of 4 weeks for A and 2 weeks for B", "at least 3 weeks
  from A and 2 weeks from B", "A is allowed if completed at least 2 weeks before", "at least a
  6 month wash out period from the last date A was received", "prior A (in an inclusion) was
  over 4 weeks", "A within 5 half-lives or 4 weeks", a window in parentheses ("recent major
  surgery (within 4 weeks)"),
  "a washout of at least 21 days between the last A and randomisation", "at least 28 days
  elapsed between A and registration", "A may have been received if completed more than 3
  weeks before", "A: >= 14 days after the last dose" (the label names the class);
- "Patients within 8 weeks of receiving A" (A after the window when nothing before it names a
  treatment), "at least 4 weeks but no more than 12 months since A" (the minimum; the maximum is
  an interval the study asks for);
- "Within 4 weeks before the first dose, received A or B" (a window that opens the line), a
  bare upper bound ("A <= 4 weeks"), a window in parentheses after A ("(last dose within 3
  weeks)", "(< 2 weeks before Day 1)"), "A must be discontinued at least 2 weeks before";
- days from days, weeks (x7) or months (x30); "4-week" is 4 weeks; "in the past month",
  "within a month", "in the month before" are 1 month; "less than or equal to" is "<=".

Also read: a treatment admitted once a lower-bound window has passed ("is allowed provided a
6-week washout", "eligible if at least 8 weeks since the last dose"; never one admitted
"within" a time, and a systemic one admitted only after 4 months or more is a relapse-free
interval; "minimum N" without "of" is a lower bound too), "must wait N", "at least N must have
elapsed before", a window joined by "and" to a recovery, a washout clause after
a permission, a label before a washout heading, a note inside a line on its own; a narrower
group's longer window (ADCs, nitrosoureas) is the general window's exception, and classes an
exception names leave a broad window.

A whole line (`read_line`) adds: a lead-in's window for the items after its colon ("any of
the following within 28 days: A; B"; items with windows of their own keep them), a half-life
window filed under inclusion read as the exclusion it is, classes listed in passing under a
broad term sharing a later window for previous therapies, a wide-field radiotherapy window
(TBI, craniospinal, whole brain) kept as the exception of the general one, no washout from brain
treatment in a brain-metastases line, and none after a subgroup's label ("For patients with
LMD: ...").

Treatments a broad term lists ("anti-tumour therapy (chemotherapy, ..., radiotherapy) within 4
weeks", "... within 4 weeks, including radiotherapy and hormonal therapy", "at least 4 weeks from
any anticancer treatment (chemotherapy, ..., radiation)", "... within 4 weeks of day 1 (including
chemotherapy, radiation therapy, ...)") add their classes. A steroid named as
one item of a list ("chemotherapy, glucocorticoids, or ... during the last 3 months") leaves the
other items' window; a steroid window alone is none. So does a vaccine or a vascular event
named as one item ("stroke, major surgery, or other major tissue injury within 4 weeks").
Drugs are also read by name and stem: "-tinib", "-ciclib", "-parib", "-toclax" and PARP or
CDK4/6 inhibitors are targeted small molecules, a "-mab" or antibody that is not a checkpoint
inhibitor (nor a test result) a biologic, abiraterone, enzalutamide, ADT, SERDs or aromatase
inhibitors hormonal; "another
interventional study", "a drug under investigation" investigational. A class adjective
("hormonal anticancer therapy", "biological cancer therapy") names that class only, and
"non-systemic therapy" or "systemic therapy with immune checkpoint inhibitors" is not every
systemic class; "systemic intervention", "systemic or intratumoral therapy" and
"tumour-targeting therapy" are, as is "any agent with antitumour activity"; a class used "as
cancer therapy" ("radiation therapy as cancer therapy") is that class only, "carboplatin or
investigational anticancer agents" no approved class, and "target-therapy" or a bare "targeted"
list item ("chemotherapy, biologic, targeted, or radiotherapy") a targeted small molecule. A
parenthesis that permits a drug within a window of its own ("(erlotinib within 4 weeks is
allowed)") names no treatment of the window. A class with a plain window of its own in a
parenthesis is read even when the words outside name no class ("immunomodulatory agents within
14 days (immunostimulatory agents within 4 weeks)").

Classes: chemotherapy, immunotherapy (checkpoint inhibitors included), biologic,
targeted_small_molecule, hormonal, radiotherapy (palliative included), major_surgery,
minor_surgery, tcm_antitumor, investigational; "systemic anticancer therapy" (also "anti-tumour",
"tumour-directed", "anti-lymphoma/myeloma/leukaemia" therapy) is the first four.
A class named in a parenthesis with its own window ("(8 weeks for immune checkpoint
inhibitors)") gets that window; a narrower drug group of the same class ("(6 weeks for
nitrosoureas)") is kept as an exception in words. "Whichever is shorter" (a half-life
alternative) makes the days an upper bound (`bound: "at_most"`); "whichever is longer" keeps
the days as given and names the half-life rule in `exceptions`. Words after "except",
"excluding", "other than", "with the exception of", "unless" are exceptions, kept in words.

Not washouts, so never read as one: a disease-free or platinum-free interval, progression or
relapse "within 6 months of" a treatment, a stability window ("brain metastases stable for 4
weeks after radiotherapy"), a dose limit ("radiotherapy > 30 Gy to the lung within 6
months"), steroid, immunosuppressant, transplant, vaccine and drug-interaction windows,
cardiac events ("bypass graft surgery within 3 months"), contraception and pregnancy windows,
follow-up visits to come ("follow-up at 6 and 12 months post-radiotherapy"),
a window that applies only with other conditions ("if both of the following are met"),
progression "> 4 weeks since the last flutamide", painkillers held around a dose ("unable or
unwilling to interrupt NSAIDs 5 days before ... 2 days after pemetrexed"), a window counted from
another event
("within 6 months before diagnosis", "before progression") or for one lesion ("to the
only site of measurable disease"), a treatment to come ("scheduled for surgery within 4
weeks", "within 30 days after the end of this study"), harms and counts of a treatment
("chemotherapy-induced neuropathy within 3 months", "more than 2 lines of chemotherapy within
12 months"), a treatment's duration, a therapy to be on ("GnRH agonist started at least 4
weeks before", "on ADT for at least 12 weeks"), cardiac surgery or stenting, agents "not known to be
myelosuppressive", a window that is a permission ("palliative
radiotherapy within 2 weeks is allowed"; a date in
May or a parenthesis saying biopsies are permitted is not a permission, and "is allowed if
more than 14 days have elapsed" is a washout), and in an inclusion line anything but "at
least N since / before A" (an inclusion's "within" is a recency requirement).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

BROAD_ANTICANCER = re.compile(
    r"(?<!hormonal )(?<!hormone )(?<!endocrine )(?<!biological )(?<!biologic )(?<!targeted )"
    # "an investigational anti-cancer drug" is investigational only
    # ("pleurodesis without anti-neoplastic agents" names none)
    # ("non-investigational cancer therapies" are the approved ones: all of them)
    # ("experimental antineoplastic therapy" likewise)
    # ("conventional or investigational anticancer therapy" is both; "carboplatin or
    # investigational anticancer agents" names the investigational ones only)
    r"(?:(?<!investigational )(?<!experimental )|(?<=conventional or investigational )|"
    r"(?<=standard or investigational )|(?<=approved or investigational )|"
    r"(?<=licensed or investigational )|(?<=conventional and investigational )|"
    r"(?<=standard and investigational )|(?<=approved and investigational )|"
    r"(?<=standard or experimental )|(?<=conventional or experimental )|"
    r"(?<=non-investigational )|(?<=non investigational ))(?<!-)"
    r"(?<!without )(?<!investigational systemic )(?<!investigative )"
    # ("any non-systemic anti-cancer therapy which has not been cleared from the body": a local
    # treatment, no systemic class)
    r"(?<!non-systemic )(?<!non systemic )"
    # ("other immunostimulatory anticancer drugs (interferons, ...)" are immunotherapy only)
    r"(?<!immunostimulatory )(?<!immune-stimulating )(?<!immunomodulatory )"
    # ("any local anticancer therapy within 4 weeks" is a local treatment, no systemic class)
    r"(?<!local )(?<!locoregional )(?<!loco-regional )(?<!regional )"
    # ("concurrent anti cancer treatment": the hyphen left out)
    # ("certain types of cancer therapy within 2-3 weeks": which types, the line does not say)
    r"(?<!certain types of )(?<!certain kinds of )(?<!some types of )(?<!specific types of )"
    r"(?<!cytotoxic )\b(?:systemic |prior |previous |other )*(?:anti[- ]?cancer|anti[- ]?tumou?r|"
    r"anti-?neoplastic|anti-?(?:lymphoma|myeloma|leuka?emi[ac])|cancer|oncologic\w*)\s+(?:therapy|"
    r"therapies|treatments?|agents?|drugs?|medications?|therapeutics)"
    # ("prior anti-cancer treatment with biological drugs within 28 days": the drugs it names)
    # ("anticancer treatment with surgery, radiation and/or drug therapy" is every drug)
    r"(?! with (?![^;.]{0,80}\bdrugs? therap)"
    r"(?!(?:the|an?|any|curative|palliative|exception|drugs?|medications?|medicines?|"
    r"systemic)\b)[a-z])|"
    # "anti-cancer or investigational drug/device treatment": the noun shared after "or"
    r"\b(?:anti-?cancer|anti-?tumou?r|anti-?neoplastic) (?:or|and|and/or) (?:[\w/-]+ ){0,2}?"
    r"(?:therapy|therapies|treatments?|agents?|drugs?|medications?)\b|"
    # "tumour-directed" or "tumour-targeting" therapy: every therapy aimed at the cancer
    r"\b(?:anti-?)?(?:cancer|tumou?r|lymphoma|myeloma|leuka?emia)[- ](?:directed|targeting) "
    r"(?:(?:drug|systemic) )?(?:therapy|therapies|treatments?|agents?)|"
    # "any prior therapy directed at the malignancy": the same
    r"\b(?:therapy|therapies|treatments?) (?:directed|aimed) (?:at|against) (?:the |their |this )?"
    r"(?:malignancy|cancer|tumou?rs?)\b|"
    # "any melanoma therapy within 6 months": a treatment named by the cancer it treats
    r"\b(?:any|prior|previous|other) (?:systemic )?(?:melanoma|lymphoma|myeloma|leuka?emia|sarcoma|"
    r"carcinoma)[- ](?:therapy|therapies|treatments?|drugs?)\b|"
    # "any other standard or investigational treatment for their cancer": a treatment named by
    # what it is for
    r"\b(?:(?:any|other|prior|previous|standard|approved)(?: or investigational)? )+"
    r"(?:therapy|therapies|treatments?) (?:for|of) (?:the |their |his or her |this )?"
    r"(?:cancer|malignancy)\b|"
    # "any previous therapy for CLL within 28 days": a treatment named by the blood cancer (or
    # melanoma) it treats, as "anti-leukaemia therapy" is
    # ("21 days from prior treatment for NSCLC": the qualifier read with "from", before the
    # words after it)
    r"(?:\b(?:(?:any|all|other|prior|previous|earlier)(?: systemic)? )+|(?<=from )|^\s*)"
    r"(?:therapy|therapies|"
    r"treatments?) "
    # ("all therapy for the treatment of iNHL or CLL", "prior treatment for NSCLC")
    r"for (?:the )?(?:treatment of )?(?:the |their |his or her |this )?(?:cml|aml|cll|mds|"
    r"melanoma|lymphoma|myeloma|leuka?emia|i?nhl|nsclc|sclc)\b(?!-)|"
    # "potentially effective therapy for renal cell cancer", "last treatment for multiple
    # myeloma", "other drug therapy for their cancer": a treatment named by the cancer it treats
    # (never another cancer's: "treatment for a second cancer", "for prior malignancy")
    r"\b(?:(?:any|all|other|prior|previous|earlier|last|(?:potentially )?effective|standard|"
    r"approved)(?: drug| systemic| medical)? )+(?:therapy|therapies|treatments?) for "
    r"(?:the treatment of )?(?:the |their |his or her |this )?"
    r"(?:(?!(?:an?|any|another|other|second|secondary|prior|previous|non|skin|basal|in)\b)"
    r"[a-z]+ ){0,3}?(?:cancer|carcinoma|malignancy|myeloma|lymphoma|leuka?emia)\b(?![- ]related)|"
    # "CLL therapy ... was completed > 4 weeks before": the same, the cancer's name first
    r"^\W*(?:cll|aml|cml|mds|i?nhl|myeloma|lymphoma|leuka?emia|melanoma)[- ](?:therapy|"
    r"therapies|treatments?)\b|"
    # "systemic therapy", "systemic intervention", "systemic or intratumoral therapy" (the noun
    # shared after "or")
    r"(?<!non-)(?<!non )systemic (?:(?:or|and/or) [\w-]+ )?(?:therapy|therapies|treatments?|"
    r"interventions?)(?! (?:for (?:infection|autoimmune)|with\b))|"
    # "any treatment specifically for systemic tumour control", "previous treatment intended to
    # have antitumour effects": a treatment named by what it is for
    # ("any treatment specific for tumour control within 3 weeks": the same)
    r"\b(?:therapy|therapies|treatments?) (?:specifically |specific )?for (?:systemic )?"
    r"tumou?r control\b|"
    r"\bintended to have anti-?tumou?r effects?\b|"
    # "any agent with antitumour activity": a treatment named by what it does
    r"\b(?:any|other) (?:other )?(?:agents?|drugs?|medications?|therapy|therapies|treatments?) "
    r"with (?:known |potential )?(?:anti-?tumou?r|anti-?cancer|anti-?neoplastic) "
    r"(?:activity|effects?)\b"
)
# Drugs named by their stem: "-tinib", "-ciclib", "-parib" are targeted small molecules, a
# "-mab" that is not a checkpoint inhibitor is a biologic.
_SMALL_MOLECULE_STEM = re.compile(
    r"\b[a-z]{3,}(?:tinib|fenib|anib|ciclib|parib|lisib|rasib|degib|zomib|toclax|sertib|denib)\b|"
    r"\bparp inhibitors?\b|\bcdk ?4/6 inhibitors?\b|\bmtor inhibitors?\b|\begfr[- ]tkis?\b|"
    r"\bsignal transduction inhibitors?\b|"
    r"\b(?:everolimus|temsirolimus|ridaforolimus)\b|"
    # "BRAF+MEK inhibitors", "prior BTK inhibitor": kinase and enzyme inhibitors taken as pills
    r"\b(?:braf|mek|egfr|alk|ros1|kras(?: g12c)?|fgfr|ret|ntrk|btk|jak|bcl-?2|pi3k|akt|vegfr|"
    r"idh[12]?|menin|fak|kit|c?-?met|bcr-?abl|flt-?3|pdgfra?|mdm2|ezh2|xpo1|smoothened|hedgehog|"
    # small-molecule enzyme inhibitors: "a proteasome inhibitor", "HDAC inhibitors"
    r"proteasome|hdac|histone deacetylase)"
    r"(?:\s*(?:\+|/|and|or)\s*(?:braf|mek))*[- ](?:pathway )?(?:inhibitors?|inhibition)\b|"
    # "-inostat" HDAC inhibitors (vorinostat, panobinostat)
    r"\b[a-z]{2,}inostat\b"
)
_ANTIBODY_STEM = re.compile(
    # Antibodies for other diseases (inflammation, bone, lipids, infections) are no cancer therapy.
    r"\b(?!(?:inflixi|adalimu|golimu|certolizu|tocilizu|sarilu|secukinu|ixekizu|ustekinu|"
    r"vedolizu|natalizu|omalizu|mepolizu|benralizu|dupilu|eculizu|ravulizu|belimu|basilixi|"
    r"daclizu|denosu|romosozu|palivizu|bezlotoxu|evolocu|alirocu|erenu|fremanezu|galcanezu|"
    r"anifrolu|canakinu|emicizu)mab\b)[a-z]{3,}mab\b"
)
_HORMONAL_DRUGS = (
    r"|\b(?:tamoxifen|letrozole|anastrozole|exemestane|fulvestrant|aromatase inhibitors?|"
    r"abiraterone|enzalutamide|apalutamide|darolutamide|bicalutamide|flutamide|nilutamide|"
    r"luteini[sz]ing hormone[- ]releasing hormone|goserelin|leuprolide|leuprorelin|triptorelin|"
    r"degarelix|relugolix|megestrol|"
    r"androgen deprivation(?: therapy)?|\badt\b|gnrh|lhrh|[a-z]{3,}estrant|serds?|serms?)\b"
)
# Drugs named one by one: an exception that names one leaves the window of its class.
_SINGLE_DRUG = re.compile(
    r"\b(?:temozolomide|cisplatin|carboplatin|oxaliplatin|docetaxel|(?:nab-?)?paclitaxel|"
    r"gemcitabine|capecitabine|fluorouracil|5-?fu|irinotecan|pemetrexed|doxorubicin|"
    r"cyclophosphamide|etoposide|epirubicin|cytarabine|azacitidine|decitabine|bendamustine|"
    r"fludarabine|melphalan|vincristine|vinorelbine|eribulin|topotecan|trabectedin|"
    r"lurbinectedin|ifosfamide|chlorambucil|hydroxyurea|hydroxycarbamide|everolimus|"
    r"temsirolimus|ridaforolimus|[a-z]{3,}(?:tinib|fenib|anib|ciclib|parib|lisib|rasib|degib|"
    r"zomib|toclax|sertib|denib|mab))\b"
)
BROAD = ("chemotherapy", "immunotherapy", "biologic", "targeted_small_molecule")
# "Surgical interventions of the central nervous system, eyes or ears within 6 months" (a
# bleeding risk): surgery on one organ is no major-surgery washout.
_NOT_ON_AN_ORGAN = (
    r"\b(?!\s+(?:of|on|to|in)\s+(?:the\s+)?(?:central nervous system|cns|brain|spinal cord|spine|"
    r"eyes?|ears?)\b)"
)
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("minor_surgery", r"minor surg\w*|minor (?:surgical )?procedures?"),
    (
        "major_surgery",
        r"major surg\w*|major (?:surgical )?(?:procedures?|operations?)|"
        r"(?<!minor )(?<!brain )(?<!eye )(?<!ocular )(?<!spinal )(?<!spine )\bsurgery"
        + _NOT_ON_AN_ORGAN
        + r"|(?<!minor )surgical (?:procedures?|resection|interventions?|treatments?|operations?)"
        + _NOT_ON_AN_ORGAN
        + r"|"
        r"\b(?:laparotomy|thoracotomy|craniotomy|sternotomy)\b",
    ),
    (
        "radiotherapy",
        # (not "psoralen plus ultraviolet A radiation", a skin treatment)
        r"radiotherap\w*|(?<!ultraviolet )(?<!ultraviolet a )(?<!\buv )radiation(?: therapy)?|"
        r"irradiation|\brt\b(?!-?pcr)|\bxrt\b|radiosurgery|"
        r"\bsbrt\b|\bsrs\b|stereotactic|brachytherap\w*|proton (?:beam )?therap\w*",
    ),
    (
        "chemotherapy",
        # (not "non-cytotoxic", nor "cytotoxic T-lymphocyte antigen 4"; "intrathecal
        # chemotherapy within 1 week" is a local route beside the systemic window)
        r"(?<!intrathecal )(?<!intra-thecal )chemotherap\w*|"
        r"(?<!non-)(?<!non )(?<!non)cytotoxic(?![- ]t[- ]?(?:lymphocyte|cell))|"
        # (not "chemo-embolization", a procedure on the liver)
        r"\bchemo\b(?!-embol)|"
        r"chemo-?radi\w*|temozolomide|cisplatin|carboplatin|oxaliplatin|"
        r"docetaxel|paclitaxel|gemcitabine|capecitabine|fluorouracil|\b5-?fu\b|irinotecan|"
        r"pemetrexed|doxorubicin|cyclophosphamide|etoposide|epirubicin|cytarabine|azacitidine|"
        r"decitabine|bendamustine|fludarabine|melphalan|vincristine|vinorelbine|eribulin|topotecan|"
        r"trabectedin|lurbinectedin|ifosfamide|chlorambucil|hydroxyurea|hydroxycarbamide",
    ),
    (
        "immunotherapy",
        # (radioimmunotherapy is a radiolabelled antibody, no immunotherapy)
        r"(?<!radio)(?<!radio-)immuno-?therap\w*|immune[- ]therap\w*|immune checkpoint|"
        # "chemo-, immuno-, or radiotherapy": the noun shared after the list
        r"(?<!radio)(?<!radio-)\bimmuno-(?=\s*(?:,|/|\bor\b|\band\b))|"
        r"checkpoint inhibitors?|"
        r"checkpoint (?:molecule |pathway )?(?:blockade|blockers?|inhibition)|"
        r"immuno-?stimulat\w* (?:agents?|therap\w*|drugs?)|anti-?pd-?l?1\b|\b(?:cpi|ici|icb)s?\b|"
        # "prior CTLA-4, PD-1 and/or LAG-3 therapy"
        r"\b(?:pd-?l?1|ctla-?4|lag-?3)(?:\s*(?:,|/|or|and|and/or)\s*(?:anti-?)?(?:pd-?l?1|ctla-?4|"
        r"lag-?3)\b)*\s+(?:therap\w*|inhibitors?|blockade|treatments?)|"
        r"\bpd-?l?1\b(?:/pd-?l1)? (?:inhibitors?|antibod\w*|blockade)|anti-?ctla-?4|"
        r"pembrolizumab|nivolumab|atezolizumab|durvalumab|ipilimumab|toripalimab|"
        r"camrelizumab|tislelizumab|sintilimab|cemiplimab|dostarlimab|retifanlimab|serplulimab|"
        r"penpulimab|zimberelimab|tremelimumab|avelumab|cadonilimab|ivonescimab|envafolimab|"
        r"adebrelimab|sugemalimab|relatlimab|spartalizumab",
    ),
    (
        "biologic",
        r"biological (?:(?:anti-?)?cancer )?(?:therap(?:y|ies)|agents?|treatments?|drugs?)|"
        r"biologics?\b(?! [a-z]* ?complications?)|\bbio-?therap(?:y|ies)\b|"
        r"monoclonal antibod\w*|antibody therap\w*|\bmabs?\b|antibody[- ]drug conjugates?|"
        r"bispecific (?:antibod\w*|t-cell engagers?)|(?:anti-?cancer|anti-?tumou?r) antibod\w*|"
        r"\badcs?\b",
    ),
    (
        "hormonal",
        r"(?<!thyroid )hormon(?:al|e) (?:(?:anti-?)?cancer |anti-?tumou?r |anti-?neoplastic )?"
        r"(?:therap\w*|agents?|treatments?)|"
        r"endocrine (?:therap\w*|treatments?|agents?)|"
        r"\bnhas?\b|androgen receptor (?:inhibitors?|antagonists?|pathway inhibitors?)|"
        r"\bar (?:inhibitors?|antagonists?)|anti-?androgens?|"
        # "anticancer treatment (chemotherapy, radiotherapy, cytokines, or hormones)"
        r"(?<!thyroid )(?<!growth )(?<!sex )(?<!steroid )(?<!replacement )\bhormones\b"
        r"(?! replacement| for (?:contracep|birth))|"
        # "immunotherapy, hormone, chemotherapy or radiotherapy within 4 weeks": a list's item
        r"(?<=, )hormone(?=\s*(?:,|\bor\b|\band\b)\s*(?!(?:or |and )?(?:barrier|contracep)))"
        + _HORMONAL_DRUGS,
    ),
    (
        "targeted_small_molecule",
        # ("target-therapy": the hyphen put in)
        r"small[- ]molecule|tyrosine kinase inhibitors?|\btkis?\b|(?<![\w-])target(?:ed)?[- ]"
        r"(?:therap\w*|agents?|drugs?|medications?)|"
        # "targeted treatment within 2 weeks", "prior targeted anticancer therapy within 4 weeks"
        r"(?<![\w-])targeted (?:(?:anti-?cancer|anti-?tumou?r|anti-?neoplastic) )?"
        r"(?:treatments?|therap\w*|agents?|drugs?)\b|"
        # "chemotherapy, biologic, targeted, or radiotherapy within 4 weeks": a list's item
        r"(?<=, )targeted(?=\s*(?:,|\bor\b|\band\b))|"
        r"kinase inhibitors?",
    ),
    ("tcm_antitumor", r"traditional chinese medicine|\btcm\b|chinese herbal|herbal medicine"),
    (
        "investigational",
        # ("prior exposure to the investigational agent": the study's own drug, not the class)
        r"(?<!\bthe )investigational|\bthe investigational\b(?! (?:agent|drug|product|compound|"
        r"medicinal product)\b)|"
        r"(?:other |another )?clinical (?:study|studies|trials?|investigations?)|"
        r"experimental (?:(?:anti-?neoplastic|anti-?cancer|anti-?tumou?r) )?(?:drugs?|agents?|"
        r"therap\w*|medications?|medicines?|products?|treatments?|compounds?)|"
        # "Prior anticancer treatment, standard or experimental, within 4 weeks"
        r"\b(?:standard|conventional|approved) or experimental\b|"
        r"unapproved|unlicensed|"
        r"\b(?:another|other) (?:\w+ ){0,2}?(?:study|studies|trials?)\b|under investigation|"
        r"study drugs? of another|\btrial drugs?\b|investigative|"
        r"\binvestigation (?:agents?|drugs?|products?|medicines?|therap(?:y|ies)|treatments?)\b|"
        r"\bresearch (?:drugs?|medicines?|agents?|products?)\b|"
        r"\b(?:drugs?|agents?|products?|medications?) under (?:study|development)\b|"
        r"\btest (?:drugs?|articles?|products?)\b|\bimps?\b|"
        r"\b(?:interventional|therapeutic|drug|device) (?:clinical )?(?:study|studies|"
        r"trials?)\b|"
        r"\b(?:un|non-?)(?:registered|marketed|listed)\b|\bnot (?:yet )?(?:registered|marketed)\b|"
        # ("bicalutamide or nilutamide (not approved in Japan)": a drug named, approved elsewhere)
        r"\bnon-?approved\b|\bnot (?:yet )?approved\b(?! in (?!any\b))|"
        r"\b(?:has|have) not (?:yet )?(?:received|obtained) (?:regulatory |marketing )?approval",
    ),
)

# Numbers written as words, as protocols write them ("four weeks", "twenty-eight days").
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "twenty-one": 21,
    "twenty one": 21,
    "twenty-eight": 28,
    "twenty eight": 28,
    "thirty": 30,
}

_NUMBER = r"(\d+(?:\.\d+)?)"
# ("within 2 calendar weeks", "14 calendar days": the same units)
DURATION = re.compile(
    _NUMBER + r"(?:\s*|-)(?:\(\d+\)\s*)?(?:calendar\s+)?(days?|weeks?|wks?|months?)\b"
)
# What follows a duration that counts from the treatment: "since A", "after the last A".
_SINCE_TAIL = re.compile(
    # ("14 days or 5 half-lives, whichever is longer, since ...")
    # ("21 days or 5 times the half-life (whichever is shorter) from prior treatment with ...")
    r"^\s*(?:\([^)]*\)\s*)?(?:or (?:\d+|five) (?:x |times )?(?:the )?half-?li(?:ves|fe)[^,;]*?,?\s*"
    r"(?:\(?whichever is \w+\)?,?\s*)?)?"
    r"(?:must |should |have |has )*"
    r"(?:have )?(?:passed |elapsed |elapse |lapsed )?"
    # "at least 28 days have elapsed by the time of randomisation since the last irradiation"
    r"(?:by (?:the time of )?(?:the )?(?:randomi[sz]ation|registration|enrol+ment|first dose|"
    r"study entry|inclusion) )?"
    # "a 6 month wash out period from the last date radiation was received"
    # ("at least 2 weeks away from previous chemotherapy, surgery, or radiotherapy")
    # ("7 days of washout period from previous gefitinib": the same)
    r"(?:(?:of )?wash[- ]?out (?:period |window )?)?(?:away )?(?:since|after|post|from (?:the )?"
    r"(?:last|end|completion|prior|previous|most recent|date|any|all|infusion|administration|"
    r"dosing|receipt|cessation|discontinuation|stop|"
    # ("... at least 14 days from time of randomization" counts back from the study's start)
    r"time of(?! (?:the )?(?:randomi[sz]ation|registration|enrol\w*|first dose|study entry|"
    r"inclusion|start)))|"
    # ">= 4 weeks from monoclonal antibody therapy", "2 weeks from sorafenib": from a class
    r"from (?=(?:any |all )?(?:(?:other|prior|previous) )?(?:cytotoxic|chemo\w*|radiation|"
    r"radiotherap\w*|hormonal|endocrine|biologic\w*|immunotherap\w*|targeted|monoclonal|"
    # (">= 4 weeks from other investigational anticancer therapy", "... from anticancer therapy")
    r"investigational|experimental|anti-?cancer|anti-?tumou?r|anti-?neoplastic|"
    r"major surg\w*|[a-z]{3,}(?:mab|tinib|anib|fenib|limus)\b|"
    # (">= 4 weeks from focal radiation", "2 weeks from local palliative XRT": radiotherapy of
    # one kind)
    r"(?:(?:local|focal|palliative|limited[- ]field|small[- ]port|external[- ]beam|"
    r"stereotactic)\s+)+(?:radiation|radiotherap\w*|irradiation|xrt)\b))|"
    # "patients within 8 weeks of receiving external beam irradiation"
    r"of (?:receiving|receipt of|completing|completion of|(?:the )?last (?:dose|"
    r"administration|fraction|session) of))\b"
)
_LOWER_BOUND = re.compile(
    # ("minimum 7 days since prior gefitinib": "of" left out)
    r"(?:at least|>=|>|more than|greater than|minimum(?: of)?|no less than)\s*(?:an? )?$"
)
_WITHIN = re.compile(
    # ("in the 28 days prior to the first dose": the same as within)
    r"(?:within|in (?:the )?(?:last|past|previous|preceding)|during the (?:last|past|previous|"
    r"preceding)|\b(?:in|during) the(?=\s*\d))\s*"
    r"(?:the\s+)?"
    r"(?:(?:last|past|previous|prior|preceding)\s+)?(?:<=\s*)?"
    r"(?:(?:5|five) (?:x )?half-?lives (?:or|and)\s*)?$"
)
_BEFORE_TAIL = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:immediately\s+)?(?:prior(?: to)?\b|before|of|preceding|ahead of|"
    r"earlier|ago|"
    # "completed at least 4 weeks from the start of study treatment": the study's start
    r"from (?:the )?(?:(?:date|time) of (?:the )?)?(?:start|first dose|initiation|beginning|"
    r"day 1|cycle 1|enrol\w*|randomi[sz]ation|registration)\b)"
)
# A window counted on from the end of the study's treatment ("for 6 months after the last dose
# of docetaxel"): how long contraception or abstinence lasts, never a washout.
_AFTER_THE_LAST_DOSE = re.compile(
    r"\s*(?:days?|weeks?|months?)?\s*(?:after|following|post|from)\s+(?:the\s+)?(?:last|final)\s+"
    r"(?:dose|administration|infusion|treatment)"
)
_LEADING_BOUND = re.compile(r"(?:<=|<|less than|within)\s*$")
_NOT_A_WASHOUT = re.compile(
    # ("the interval must be at least 28 days prior to the first dose" is a washout)
    r"(?<!time )(?<!the )\binterval\b|"
    r"\bthe interval\b(?!\s+(?:must|should|shall) be (?:at least|>=|a minimum of))|"
    r"disease[- ]free|progress\w*|relaps\w*|recurr\w*|\bdiagnos\w*|\bgy\b|"
    # "(refractory = PD under treatment or within 6 months)": progressive disease, not PD-1
    r"\bpd\b(?![- ]?l?\d)|"
    r"\bnot known to be\b|\bnon-?myelosuppressive\b|\bc?gy\b|\bgray\b|\bstable\b|"
    # a dose limit of one drug ("cytarabine in excess of 2 g/m2/day within 6 months")
    r"\b(?:in excess of|exceeding|more than|greater than|above|>=?)\s*\d+(?:\.\d+)?\s*(?:m?g)\s*/"
    r"\s*m(?:2|\^2|²)|"
    r"stabl\w*|unstable|contracept\w*|pregnan\w*|childbearing|breast-?feed\w*|lactat\w*|"
    r"\bnurs(?:e|ing)\b|\bbirth control\b|"
    # (a tumour vaccine is an anticancer therapy: "any immunotherapy, e.g. tumor vaccines")
    r"(?<!investigational )(?<!tumor )(?<!tumour )(?<!cancer )vaccin\w*\b(?! therap)|"
    r"transfusion|\bdonat\w*|\bsperm\b|\bconceive\b|"
    r"expected to (?:require|need)|"
    # "... would prevent follow-up at 6, 12 and 24 months post-radiotherapy": visits to come
    r"\bfollow[- ]?ups? (?:at|visits?|assessments?|for)\b|"
    r"life expectancy|tumou?r tissue|biopsy sample|archival|\bimaging\b|\bscan\b|\bmri\b|"
    r"\bstart(?:ing|ed)? (?:of )?(?:first|1st|second|2nd) line|requiring systemic|"
    r"corticosteroid|glucocorticoid|prednison\w*|dexamethason\w*|immunosuppress\w*|\bsteroids?\b|"
    r"growth factors?(?! receptor)|colony[- ]stimulating|\bg-?csf\b|erythropoie\w*|\d\s*c?gy\b|"
    # "unable to interrupt aspirin or NSAIDs 2 days before ... the dose of pemetrexed"
    r"\baspirin\b|\bnsaids?\b|non-?steroidal anti-?inflammator\w*|"
    r"transplant\w*|osteoclast|bisphosphonate|denosumab|myocardial|heart failure|angina|"
    r"stroke|cerebrovascular|embolism|thrombo(?!cytop)\w*|\bbypass\b|\bcyp|"
    r"\b(?:cardiac|heart|coronary) (?:surgery|procedures?|interventions?|stent\w*)|angioplasty|"
    r"revasculari[sz]\w*|"
    # treatment of an autoimmune disease; fathering a child; radiotherapy to one lesion
    r"autoimmun\w*|disease[- ]modifying|\bfather\w*|allograft|\brejection\b|"
    # "no acute exacerbations of the underlying condition requiring ... biologic agents ...
    # within the previous 12 months": the flares of another disease
    r"\bexacerbations? of\b|\bflares?\b(?! up\b)|\bflare-ups?\b|"
    # "immunostimulatory agents for non-malignant conditions"
    r"\bnon-?malignant (?:conditions?|diseases?|disorders?|indications?)|"
    # "immunotherapy for non-cancer related treatment within < 4 weeks"
    r"\bnon-?(?:cancer|oncologic\w*|tumou?r)[- ](?:related|indications?|conditions?|"
    r"diseases?)\b|"
    # the treatment of another cancer: "malignancies for which systemic treatment is given"
    r"\bmalignancies\b|\b(?:other|another|second|secondary|concurrent|additional) (?:primary )?"
    r"malignanc\w*|"
    # "(exceptions to a prior malignancy:) Kaposi sarcoma that has not required systemic
    # treatment within 6 months": that disease's own treatment
    r"\b(?:that|which) (?:has|have) not required (?:any )?(?:systemic )?(?:treatment|therapy)\b|"
    r"\bto (?:the |a |any )?(?:only |sole )?(?:target|index|measurable) (?:sites?|lesions?)|"
    # "... since the last irradiation at target lesion sites": re-irradiation of the lesion
    r"\bat (?:the )?(?:target|index) lesion sites?\b|"
    # "at least one measurable lesion which has not received radiotherapy <= 3 months": a lesion's
    r"\b(?:target|measurable|index) lesions?\b[^;]{0,60}\b(?:which|that) (?:has|have|had) not\b"
)
# A steroid named as one item of a list of treatments ("cytostatic chemotherapy, glucocorticoids,
# or immune modulatory agents during the last 3 months", "surgery, chemotherapy, ... or steroids
# within 14 days"): its own window, which leaves the others' windows standing.
_STEROID_ITEM = re.compile(
    r"(?:,\s*|\s+)(?:(?:and|or|and/or)\s+)?(?:systemic\s+|oral\s+|high[- ]dose\s+)?"
    r"(?:gluco)?(?:corticosteroids?|steroids?|glucocorticoids?)"
    r"(?:\s*\([^()]*\))?(?=\s*(?:,|\(|\bor\b|\band\b))"
    r"|(?:,\s*|\s+)(?:and|or|and/or)\s+(?:systemic\s+|oral\s+|high[- ]dose\s+)?"
    # ("..., or antineoplastic treatment with glucocorticoids within 21 days")
    r"(?:(?:anti-?neoplastic|anti-?cancer|anti-?tumou?r) (?:treatment|therapy) with\s+)?"
    r"(?:corticosteroids?|steroids?|glucocorticoids?)\b"
    # ("chemotherapy ..., including steroid therapy dose as defined above, within 3 weeks")
    r"|,\s*including\s+(?:systemic\s+)?(?:cortico)?steroids?\b[^,;()]{0,60}(?=,)"
)
# An immunosuppressant as such an item ("cytotoxic chemotherapy, radiation or immunosuppressive
# therapy within the 30 days"), when nothing else in the list is immune therapy (then the list
# is of immune drugs: "chronic systemic immune therapy or immunosuppressant medication")
_IMMUNOSUPPRESSANT_ITEM = re.compile(
    r"(?:,\s*|\s+)(?:and|or|and/or)\s+(?:systemic\s+)?(?:immunosuppressants?|immunosuppressive "
    r"(?:therapy|therapies|agents?|drugs?|medications?|treatments?))\b|"
    # ("chemotherapy, cancer immunosuppressive therapy, growth factors ... within 28 days")
    r",\s*(?:systemic\s+|cancer\s+)?(?:immunosuppressants?|immunosuppressive "
    r"(?:therapy|therapies|agents?|drugs?|medications?|treatments?))(?=\s*,)"
)


# A drug-interaction item of such a list ("strong CYP3A inhibitors or inducers, chemotherapy or
# radiotherapy within 14 days"): its window is no cancer washout, the other items' are.
_INTERACTION_ITEM = re.compile(
    r"(?:(?:,\s*|\s+)(?:(?:and|or|and/or)\s+)?|^\W*)(?:(?:strong|moderate|potent|weak)\s+)?"
    r"(?:cytochrome p-?450\s*(?:\(cyp\)\s*)?|cyp\s*)\w*\s+(?:inhibitors?|inducers?)"
    r"(?:\s*(?:/|or|and)\s*(?:inhibitors?|inducers?))?"
)


# A vascular event or a vaccine named as one item of such a list ("stroke, major surgery, or
# other major tissue injury within 4 weeks", "major surgery, vaccines, and hormone therapy
# within 4 weeks"): the treatments' windows stand.
_EVENT_ITEM = re.compile(
    r"(?:(?:,\s*|\s+)(?:(?:and|or|and/or)\s+)?|^\W*)(?:(?:acute|recent|live|attenuated)\s+)?"
    r"(?:myocardial infarctions?|strokes?|cerebrovascular (?:accidents?|events?)|transient "
    r"isch(?:a)?emic attacks?|unstable angina|(?:deep vein |venous |arterial )?thrombo(?:sis|"
    r"embolism|embolic events?)|pulmonary embol\w*|vaccines?|vaccinations?|"
    # ("chemotherapy, growth factors (except erythropoietin), or investigational agents")
    r"(?:(?:hematopoietic|haematopoietic|myeloid)\s+)?growth factors?(?:\s*\([^()]*\))?)"
    r"(?=\s*(?:,|\(|\bor\b|\band\b))"
)


def _without_steroid_items(text: str) -> str:
    """The words with a steroid, drug-interaction or vascular-event list item left out, when
    the list names other treatments."""
    if _IMMUNOSUPPRESSANT_ITEM.search(text):
        rest = _IMMUNOSUPPRESSANT_ITEM.sub(" ", text)
        if not re.search(r"\bimmun", rest):
            text = rest if categories(rest) else text
    if not any(item.search(text) for item in (_STEROID_ITEM, _INTERACTION_ITEM, _EVENT_ITEM)):
        return text
    rest = _EVENT_ITEM.sub(" ", _INTERACTION_ITEM.sub(" ", _STEROID_ITEM.sub(" ", text)))
    return rest if categories(rest) and not re.search(r"\bcyp|cytochrome", rest) else text


_PERMISSION = re.compile(
    # ("patients that may require major surgery during the study": a treatment to come)
    # ("Patients may not be receiving any other investigational agents within 4 weeks": a refusal)
    # ("other therapy that is or may be active against myeloma": a hedge, no permission)
    r"(?<!not )(?<!n't )(?<!not be )(?<!\bis or )(?<!\bare or )"
    r"\b(?:may(?! (?:not|require|need|undergo|have to)\b)|allowed|"
    r"permitted|permissible|eligible|acceptable|"
    r"can be|are accepted|is accepted)\b"
)
_EXCEPTION = re.compile(
    r"\b(?:except(?:ion)?s?(?: for| of)?|excluding|other than|with the exception of|unless|"
    # ("anti-neoplastic therapy (with the exclusion of hormone therapy ...) within 28 days")
    r"with the exclusion of|"
    r"apart from|but not(?! limited)|not including|not counting)\b"
)
# Harms of a treatment, its counts and its duration are no washout of it ("chemotherapy-induced
# neuropathy within 3 months", "more than 2 lines of chemotherapy within 12 months"): looked for
# in the words next to the window only, so that a harm named earlier in a long line does not
# hide a washout.
_HARM = re.compile(
    # ("chemotherapy regimens with delayed toxicity within 4 weeks": which regimens, not a harm)
    r"\w-induced\b|\badverse (?:events?|reactions?)|(?<!delayed )\btoxicit\w*|side[- ]effects?|"
    r"pneumonitis|"
    r"complications?|hypersensitiv\w*|allerg\w*|intoleran\w*|neuropath\w*|"
    r"\b\d+\s+(?:or more\s+)?(?:prior\s+)?(?:cycles|lines|courses|regimens)\b|"
    # "exposure to more than 3 new investigational agents within 12 months": a count of agents
    r"\b(?:more than|over|at least|>=?)\s*\d+\s+(?:new |different |other |prior )*"
    r"(?:investigational |experimental |study )?(?:agents|drugs|products|compounds|therapies)\b|"
    r"\blines? of (?:therapy|treatment|chemotherapy|systemic)|"
    r"\bduration\b(?! of (?:the |its |their )?(?:biologic|pharmaco))"
)
# A therapy the patient is to be on: "receiving a GnRH agonist started at least 4 weeks before".
_ONGOING = re.compile(r"\b(?:started|initiated|began|begun|commenced)\b")
# A treatment to come is no washout: "patients scheduled for surgery within 4 weeks".
_TO_COME = re.compile(
    r"\b(?:planned|scheduled|plans? to|planning|anticipated|expected to|will (?:undergo|require|"
    r"need|have|receive)|need for|due to (?:have|undergo)|"
    # "Intent to perform surgery or biopsy within 7 days of study treatment start"
    r"intend(?:s|ed)? to|intent(?:ion)? to|"
    # "who would otherwise have undergone primary surgery within 2 weeks": a course not taken
    r"would (?:otherwise )?(?:have )?(?:undergone|received|had))\b"
)
# Narrower drug groups with longer windows of their own, kept as the general window's exception.
_NARROW_GROUP = re.compile(
    r"nitrosoureas?|mitomycin|antibody[- ]drug conjugates?|\badcs?\b|radio-?immuno-?conjugates?|"
    r"radiopharmaceutical\w*|radioligand\w*|radionuclide\w*|"
    # "regional chemotherapy (limb infusion or perfusion) within 12 weeks"
    r"\b(?:loco-?)?regional chemotherapy|\blimb (?:infusion|perfusion)|"
    r"\bintra-?arterial chemotherapy"
)
NARROW_GROUP = _NARROW_GROUP  # for the items under an exception lead (`extraction.py`)
NOT_A_WASHOUT = _NOT_A_WASHOUT  # for the lines under a class sub-heading (`extraction.py`)
# Local treatments: radiotherapy or surgery of brain metastases is part of a CNS rule; a
# window that also names a systemic class is a washout all the same.
_LOCAL = {"radiotherapy", "major_surgery", "minor_surgery"}
# Treatment of brain metastases and its window belong to a CNS stability rule, not a washout.
_BRAIN_METASTASES = re.compile(
    r"\b(?:brain|cns|cerebral|intracranial|leptomeningeal|spinal cord|central nervous system)\b"
    r"[^,;]{0,40}?\bmetasta|"
    r"\bmetasta\w* (?:to|in|of) the (?:brain|cns)"
)
# A new predicate in the words since the last window: "surgery within 4 weeks ... or has received
# lung radiotherapy within 6 months" (the second window's treatments start after "or has").
_NEW_PREDICATE = re.compile(
    r"\b(?:or|and)\s+(?=(?:has|have|had|is|are|was|were|received|undergone|underwent|used|"
    r"taken)\b)"
)
# "... between A and randomisation": A is the treatment when the other end is the study's start.
_BETWEEN_START_FIRST = re.compile(
    r"\s*(?:must |should )?(?:have |has )?(?:elapsed |passed )?between\s+(?:the\s+)?(?:start|"
    r"first (?:dose|administration)|[\w-]+ (?:initiation|start))\b(?: of [\w-]+)?\s+and\s+"
    r"(?:the\s+)?(?:last|prior|previous|most recent)\s+(.+?)\s*(?:[;,.]|$)"
)
_BETWEEN = re.compile(
    r"\s*(?:must |should )?(?:have |has )?(?:elapsed |passed |lapsed )?(?:is |are )?(?:required |"
    r"needed |necessary |mandatory )?between\s+(?:the\s+)?(.+?)\s+and\s+(?:the\s+)?(?:start\b|"
    r"first (?:dose|administration|day|cycle|treatment)|randomi[sz]ation|enrol+ment|registration|"
    r"day 1|cycle 1|study (?:entry|start|treatment|drug|enrol+ment)|inclusion|initiation)"
)
# The kind of disease event a window may count from: "disease progression", "nodal recurrence".
_EVENT_ADJECTIVE = r"(?:disease|nodal|local|loco-?regional|distant|tumou?r|cancer|radiographic)"
# The window counts from another event than the study's start: "within 6 months before
# diagnosis", "... before relapse", "... to the only measurable site" (surgery may be the
# study's own start, so a window before it stays a washout).
_OTHER_ANCHOR = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:(?:prior to|before|of|from|after|preceding)\s+(?:the\s+)?"
    r"(?:date of\s+)?(?:(?:initial|first|primary|definitive|planned|index|curative)\s+)?"
    # "... prior to disease progression", "... prior to the nodal recurrence"
    r"(?:" + _EVENT_ADJECTIVE + r"\s+)?"
    r"(?:diagnosis|recurrence|progression|relapse|transplant\w*)\b|"
    r"to (?:the |a |any )?(?:only |sole )?(?:sites?|lesions?|target|index|measurable)|"
    # "... other clinical trials within 30 days after the end of this study": a time to come
    r"(?:after|following|post)\s+(?:the\s+)?(?:end|completion|last dose|last administration|final "
    r"dose|discontinuation) of (?:the |this )?(?:study|trial|study (?:drug|treatment|intervention)|"
    r"treatment|investigational product)(?=\s*[,.;)]|\s*$|\s+(?:and|or|is|are|planned)\b))"
)
# "at the start of immunotherapy", "first dose of study treatment": not a treatment taken before.
_START_OF = re.compile(
    r"\b(?:start(?:ing)?|initiation|beginning|onset|first dose|day 1|cycle 1)\s+(?:of\s+)?"
    r"(?:the\s+)?(?:study\s+)?(?:\w+\s+){0,2}?(?:therapy|treatment|drug|intervention|"
    r"immunotherapy|chemotherapy)\b|"
    # "prior to the first IMP administration": the study's own product
    r"\b(?:first|1st)\s+(?:dose of\s+|administration of\s+)?(?:the\s+)?(?:imp|ip|investigational "
    r"(?:medicinal )?product|study drug)\b(?:\s+(?:administration|dose|dosing))?|"
    # "(within 10 days prior to first dose of bevacizumab) use of aspirin", "the washout prior
    # to starting olaparib": the study's drug
    r"\b(?:prior to|before|preceding)\s+(?:the\s+)?(?:first|1st|initial)\s+(?:dose|"
    r"administration|infusion)\s+of\s+(?:the\s+)?[a-z][\w-]*|"
    r"\b(?:prior to|before)\s+(?:starting|initiating|commencing|beginning)\s+(?:the\s+)?"
    r"(?:study\s+)?[a-z][\w-]*"
)


@dataclass
class Washout:
    """The window for one class: the longest stated, its exceptions and bound."""

    days: int
    exceptions: list[str] = field(default_factory=list)
    bound: str | None = None

    def params(self, category: str) -> dict[str, object]:
        params: dict[str, object] = {"category": category, "days": self.days}
        if self.exceptions:
            params["exceptions"] = list(dict.fromkeys(self.exceptions))
        if self.bound:
            params["bound"] = self.bound
        return params


_PERMITS = (
    r"(?:\b(?:is|are|was|were) (?:allowed|permitted|eligible|acceptable)|\bmay have (?:received|"
    r"receive|had|undergone))"
)
_ALLOWED_AFTER = re.compile(
    # ("Prior XRT permitted if >= 1 week since completion": the verb may go unsaid)
    r"^(?P<before>.*?)(?:" + _PERMITS + r"|(?<=\w) (?:allowed|permitted)(?= if\b))"
    # ("... are eligible, provided this treatment has been discontinued for >= 4 weeks")
    r"(?P<mid>[^,;]{0,80}?),?\s+(?:if|provided(?: that)?|as long "
    # ("Prior radiotherapy is allowed if 14 days from first dose of study drug": the bare
    # figure is the time since it)
    r"as|when|but)\s+(?:(?P<n4>\d+(?:\.\d+)?)(?:\s*|-)(?P<u4>days?|weeks?|wks?|months?)\s+"
    r"(?:from|prior to|before)\s+(?:the\s+)?(?:first dose|start|initiation|registration|enrol\w*|"
    r"randomi[sz]ation|study entry|day 1|cycle 1)\b|"
    r"(?:at least|more than|>=|>|a minimum of)\s*(?P<n1>\d+(?:\.\d+)?)(?:\s*|-)"
    r"(?P<u1>days?|weeks?|wks?|months?)\b(?:[^.;]*?\b(?:elapsed|passed)\b|\s+since (?:the )?"
    r"(?:completion|end|last dose|last fraction)\b(?! of))|(?:it |they |(?:this|the|such) "
    r"(?:treatment|therapy) |this |(?:the )?last (?:dose|fraction|treatment) )?(?:was |were |is |"
    r"are |has been |have been |(?:must|should) (?:have been|be) )?"
    r"(?:completed|given|administered|stopped|discontinued|finished|ended)\s+"
    r"(?:(?:at least|more than|>=|>|a minimum of)\s*(?P<n2>\d+(?:\.\d+)?)(?:\s*|-)"
    r"(?P<u2>days?|weeks?|wks?|months?)\b\s*(?:prior to|before|ago)|"
    # ("... is permitted provided last dose is given 14 days prior to initiation of
    # chemotherapy": a bare figure before the study's start)
    r"(?P<n5>\d+(?:\.\d+)?)(?:\s*|-)(?P<u5>days?|weeks?|wks?|months?)\s+(?:prior to|before)\s+"
    r"(?:the\s+)?(?:first dose|start|initiation|registration|enrol\w*|randomi[sz]ation|"
    r"study entry|day 1|cycle 1)\b|"
    # ("... provided this treatment has been discontinued for >= 4 weeks": off it that long)
    r"for (?:at least|more than|>=|>|a minimum of)\s*(?P<n3>\d+(?:\.\d+)?)(?:\s*|-)"
    r"(?P<u3>days?|weeks?|wks?|months?)\b(?:\s*(?:prior to|before)|(?=\s*(?:[.;]|$)))))"
)


# "... completed at least 3 weeks or at least 5 half-lives, whichever is shorter, before"
_HALF_LIFE_ALTERNATIVE = re.compile(
    r"^\s*,?\s*(?:or|and) (?:at least |within )?(?:\d+ |five )(?:x |times )?(?:the )?"
    r"(?:elimination |drug |plasma )?half[- ]?li(?:ves|fe)\b[^,;]*?"
    r"(?:,?\s*whichever (?:is|was|being|comes|occurs) (?:the )?\w+)?,?"
)


# A systemic treatment admitted once months have passed ("adjuvant anti-PD-1 is acceptable if
# > 6 months since the last dose", "eligible if at least 6 months since the last anti-PD-1 dose")
# is a relapse-free interval after that treatment, a recency requirement, not a washout: drugs
# clear in weeks. Radiotherapy and surgery keep theirs.
_RECENCY_DAYS = 120
_SYSTEMIC_CLASSES = {
    "chemotherapy",
    "immunotherapy",
    "biologic",
    "targeted_small_molecule",
    "hormonal",
}


def _a_washout(category: str, span: int) -> bool:
    """Is a window of `span` days since this class a washout (not a relapse-free interval)?"""
    return span < _RECENCY_DAYS or category not in _SYSTEMIC_CLASSES


# An earlier setting's treatment: "prior definitive chemoradiation for locally advanced disease",
# "adjuvant chemo-XRT for localised disease".
_EARLIER_SETTING = re.compile(
    r"\b(?:neo-?)?adjuvant\b|\bdefinitive\b|\bcurative\b|\bloco-?regional\b|"
    # ("for locally advanced or metastatic disease" is the advanced setting itself)
    r"\blocali[sz]ed disease\b|\blocally advanced\b(?!,? (?:and/or|or|and) metastatic)|"
    r"\bearly[- ]stage\b|\bperi-?operative\b|"
    r"\blimited[- ]stage\b"
)


def _admitted_washouts(window: int, treated: str) -> dict[str, Washout]:
    """The washouts of a treatment admitted once `window` days have passed (none for brain
    radiotherapy or surgery: a CNS rule; and after months, none for an earlier setting's
    radiotherapy either: a relapse-free interval)."""
    # "treated with EGFR TKIs as their only systemic treatment are eligible, provided ...": what
    # the treatment was among the patient's treatments names no class of its own
    treated = re.sub(
        r"\bas (?:their|the|his or her|its) (?:only|sole|single|first|last)\b[^,;]*", " ", treated
    )
    named = categories(treated)
    if set(named) <= _LOCAL and _BRAIN_TREATMENT.search(treated):
        return {}  # "prior WBRT or SRS is allowed provided >= 4 weeks since radiation"
    earlier = window >= _RECENCY_DAYS and bool(_EARLIER_SETTING.search(treated))
    return {
        category: Washout(window)
        for category in named
        if _a_washout(category, window) and not earlier
    }


def days(number: str, unit: str) -> int:
    value = float(number)
    if unit.startswith("w"):
        return round(value * 7)
    if unit.startswith("month"):
        return round(value * 30)
    return round(value)


# The words that name a whole class (not a group of its drugs): "4 weeks (6 weeks for biological
# agents)" gives the class its own window, "(6 weeks for anti-CTLA-4 antibodies)" an exception.
_CLASS_NOUN = {
    "chemotherapy": r"chemotherap|cytotoxic",
    "immunotherapy": r"immunotherap|immune therap",
    "biologic": r"\bbiologic|biotherap",
    "targeted_small_molecule": r"targeted|small[- ]molecule",
    "hormonal": r"hormon|endocrine",
    "radiotherapy": r"radiotherap|radiation",
    "major_surgery": r"surg",
    "minor_surgery": r"surg",
    "tcm_antitumor": r"chinese|herbal|\btcm\b",
    "investigational": r"investigational|experimental",
}


def _without_parentheses(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\s*\([^()]*\)", "", text)
    return text


# An antibody against a checkpoint ("anti-PD-1 monoclonal antibody") is immunotherapy only.
_CHECKPOINT_ANTIBODY = re.compile(
    r"(?:anti-?)?(?:pd-?l?1|ctla-?4|lag-?3|tim-?3|tigit)\b(?:\s*(?:/|,|or|and|, and|, or)\s*"
    r"(?:anti-?)?(?:pd-?l?1|ctla-?4|lag-?3|tim-?3|tigit)\b)*\s*(?:\(\w+\)\s*)?"
    r"(?:(?:monoclonal|blocking|therapeutic)\s+)?"
    r"(?:antibod\w*|mabs?\b)(?:\s+therap\w*)?"
)


# An antibody that is a test result or a drug reaction, not a treatment.
_NOT_AN_ANTIBODY_THERAPY = re.compile(
    r"hepatitis|\bhbv\b|\bhcv\b|\bhiv\b|\bhbs|\bhbc|\bcore\b|\bsurface\b|serolog\w*|"
    r"\bti(?:ter|tre)s?\b|\btests?\b|positiv\w*|negativ\w*|anti-drug|neutrali[sz]\w*|antibodies to|"
    r"allerg\w*|hypersensitiv\w*|auto-?antibod\w*|antiphospholipid|covid|sars"
)


def _purpose_of_a_class(text: str, broad: re.Match[str]) -> bool:
    """ "Monoclonal antibody for direct anti-neoplastic treatment": the broad term is what the
    class named before it is for, not every systemic class."""
    before = text[: broad.start()]
    return bool(
        # ("radiation therapy as cancer therapy", "herbal therapy intended as anticancer
        # therapy": what the class named before is used as)
        re.search(r"\b(?:for (?:the |direct |an? )?|as (?:an? )?)$", before)
        and (
            any(re.search(pattern, before[-80:]) for _, pattern in CATEGORIES)
            or re.search(r"\bantibod(?:y|ies)\b|\bherbal\b", before[-80:]) is not None
        )
    )


# "Targeted" said of antibodies or checkpoint blockade is no small molecule: "monoclonal
# antibody targeted therapy", "PD-1 targeted therapy", "targeted therapy with monoclonal
# antibodies" and targeted agents whose examples are all antibodies ("such as bevacizumab or
# cetuximab") name the antibody's class.
_TARGETED_NOUN = r"target(?:ed|ing)? (therap\w*|agents?|drugs?|medications?)"
_QUALIFIED_TARGETED = re.compile(
    r"\b((?:monoclonal )?antibod(?:y|ies)|mabs?|biologic(?:al)?s?|(?:antibody[- ]drug )?"
    r"conjugates?|adcs?|(?:anti-?)?(?:pd-?l?1|ctla-?4)|(?:immune )?checkpoint)[\s-]+"
    + _TARGETED_NOUN
)
_TARGETED_WITH_ANTIBODIES = re.compile(
    r"\b" + _TARGETED_NOUN + r" (?:with|using) ((?:monoclonal )?antibod(?:y|ies))"
)
_TARGETED_EXAMPLES = re.compile(
    r"\b"
    + _TARGETED_NOUN
    + r"\s*\(?\s*(?:such as|e\.?g\.?,?|including|for example|like)\s+([^();]*)"
)


def _antibodies_called_targeted(text: str) -> str:
    text = _QUALIFIED_TARGETED.sub(r"\1 \2", text)
    text = _TARGETED_WITH_ANTIBODIES.sub(r"\1 with \2", text)

    def antibody_examples(match: re.Match[str]) -> str:
        examples = match.group(2)
        small = _SMALL_MOLECULE_STEM.search(examples) or re.search(
            r"inhibitor|\btkis?\b|small[- ]molecule|\bnib\b", examples
        )
        if _ANTIBODY_STEM.search(examples) and not small:
            return "antibody " + match.group(0)[match.start(1) - match.start() :]
        return match.group(0)

    return _TARGETED_EXAMPLES.sub(antibody_examples, text)


# A bare class adjective in a list whose items share the last one's noun: "chemotherapy,
# biological, or radiation therapy", "biologic therapy, hormonal, or molecular targeted therapy"
# (never "hormonal or barrier methods of contraception").
_BARE_CLASS_IN_A_LIST = re.compile(
    r"(?<!thyroid )\b(biological|hormonal|endocrine)\b(?=\s*(?:,\s*(?:(?:and/or|or|and)\s+)?|/|"
    r"\s+(?:and/or|or|and)\s+)(?:(?!contracept|birth|replacement)[\w-]+,?\s+){0,5}?"
    r"(?:therap(?:y|ies)|treatments?|agents?)\b)"
)


def categories(text: str) -> list[str]:
    """The treatment classes a stretch of words names, in table order."""
    return list(_categories(text))


@functools.lru_cache(maxsize=32768)
def _categories(text: str) -> tuple[str, ...]:
    """`categories`, kept per text: the readers ask again and again about the same words (a
    line's clauses, then its heads and tails), and protocols share much of their wording."""
    found: list[str] = []
    text = _BARE_CLASS_IN_A_LIST.sub(r"\1 therapy", _antibodies_called_targeted(text))
    if any(not _purpose_of_a_class(text, broad) for broad in BROAD_ANTICANCER.finditer(text)):
        found.extend(BROAD)
    checkpoint_named = _CHECKPOINT_ANTIBODY.search(text) is not None
    without_checkpoint = _CHECKPOINT_ANTIBODY.sub(" immune checkpoint inhibitor ", text)
    for category, pattern in CATEGORIES:
        words = without_checkpoint if category == "biologic" else text
        if re.search(pattern, words) and category not in found:
            found.append(category)
    if checkpoint_named and "immunotherapy" not in found:
        found.append("immunotherapy")
    if "targeted_small_molecule" not in found and _SMALL_MOLECULE_STEM.search(text):
        found.append("targeted_small_molecule")
    if (
        "biologic" not in found
        and re.search(r"\bantibod(?:y|ies)\b", without_checkpoint)
        and not _NOT_AN_ANTIBODY_THERAPY.search(text)
    ):
        found.append("biologic")  # "Antibodies: >= 21 days from the last dose of antibody"
    checkpoint = dict(CATEGORIES)["immunotherapy"]
    if "biologic" not in found and any(
        not re.fullmatch(checkpoint, word) for word in _ANTIBODY_STEM.findall(without_checkpoint)
    ):
        found.append("biologic")
    return tuple(found)


def class_word_categories(text: str) -> list[str]:
    """The classes a text names by their class words: not by a broad term ("anticancer
    therapy"), nor by a drug's name alone ("hydroxyurea")."""
    return categories(_SINGLE_DRUG.sub(" ", BROAD_ANTICANCER.sub(" ", text)))


_BARE_PRIOR_THERAPY_COMPLETED = re.compile(
    r"^(\W*)(?:(?:any|all) )?(?:other )?(?:prior|previous) (therapy|therapies|treatments?)"
    r"(?=\s+(?:must|should)\s+(?:have\s+)?(?:been\s+)?(?:completed|discontinued|stopped|"
    r"finished|ended)\b)"
)


_BARE_PRIOR_THERAPY_SINCE = re.compile(
    r"(?P<lead>(?:\bat least|>=|>|\bmore than|\bgreater than|\ba minimum of)\s*"
    + _NUMBER
    + r"(?:\s*|-)(?:days?|weeks?|wks?|months?)\s+(?:(?:must|should|has|have|will)\s+(?:have\s+)?"
    r"(?:elapsed|passed)\s+)?(?:since|from|after)\s+(?:the\s+)?"
    r"(?:(?:completion|end) of\s+(?:the\s+)?)?"
    r"(?:any\s+|all\s+)?(?:(?:last|most recent)\s+)?(?:(?:prior|previous)\s+)?)"
    r"(?P<noun>therapy|therapies|treatments?)\b(?!\s*\(|\s+(?:for|with|of|directed|aimed|to|that|which|including|containing)\b)"
)


def _months_long(words: str) -> bool:
    """The first span in the words is four months or more (a relapse-free interval)."""
    span = DURATION.search(words)
    return span is not None and days(span[1], span[2]) >= _RECENCY_DAYS


def _protect(clause: str) -> str:
    """A month named May is not a permission ("since 3 May 2023"); comparison words as signs
    ("less than or equal to 28 days"), and a window of one without its number ("in the past
    month", "within a month") with it."""
    clause = re.sub(r"\bmay\b(?=,?\s*\d)|(?<=\d )may\b", "month-of-may", clause)
    clause = re.sub(
        # "... before they can be enrolled" is the study's start, not a permission
        r"\b(before|prior to) (?:they|he|she|the (?:patient|participant|subject)|patients|"
        r"participants|subjects) (?:can|may|could) be (?:enrolled|treated|included|randomi[sz]ed|"
        r"registered)\b",
        r"\1 enrolment",
        clause,
    )
    # "no kinase inhibitors ... may have been administered within 4 weeks": a refusal, not a
    # permission
    clause = re.sub(
        r"(\bno\b[^,;.]{0,120}?)\bmay (?:have )?(?:been |be )?(administered|given|received|used|"
        r"taken)\b",
        r"\1\2",
        clause,
    )
    # "Previous allowed chemotherapy or radiotherapy must have been completed at least 2 weeks
    # before": the therapies the protocol allows, described, not a permission
    clause = re.sub(r"\b(prior|previous) (?:allowed|permitted) (?=[a-z])", r"\1 ", clause)
    # "Must have recovered from prior radiation therapy (at least 3 weeks)": the time since
    # the treatment the patient recovered from
    clause = re.sub(
        r"\brecovered from (?:the |any |all )?((?:prior|previous|recent) [^();,.]{1,60}?)\s*\(\s*"
        r"(?:at least|>=|a minimum of|more than|>)\s*(\d+\s*(?:days?|weeks?|months?))\s*"
        r"(?:since|from|after|ago)?\s*\)",
        r"recovered, at least \2 since \1",
        clause,
    )
    # "Fully recovered from any previous surgery (at least 4 weeks since major surgery)": the
    # parenthesis is a window of its own
    clause = re.sub(
        r"\brecovered from ([^();]{1,60}?)\s*\(\s*((?:at least|>=|a minimum of|more than|>)\s*"
        r"\d+\s*(?:days?|weeks?|months?)\s*(?:since|from|after)\s[^()]{1,60}?)\s*\)",
        r"recovered from \1; \2",
        clause,
    )
    # "at least 3 wks must have elapsed since surgery & patients must have recovered"
    clause = re.sub(r"\s&\s", " and ", clause)
    # "Completed prior chemotherapy a minimum of 4 weeks previously": before the study
    clause = re.sub(r"(\d+\s*(?:days?|weeks?|months?)) previously\b", r"\1 before", clause)
    # "with at least a 3 week interval from the completion of the most recent chemotherapy":
    # the interval is the window
    clause = re.sub(
        r"\bat least an? (\d+)[- ]?(day|week|month)s? (?:interval|gap|time period|period)\s+"
        r"(from|since|after)\b",
        r"at least \1 \2s \3",
        clause,
    )
    # "Cycle 1 Day 1" is the study's start, not a window of one day
    clause = re.sub(r"\bcycle (\d+),? day (\d+)\b", r"day \2 of cycle \1", clause)
    # "28 days or longer after any investigational agent", "2 weeks or more must have elapsed
    # from the time of major surgery", "4 weeks or greater since last treatment": the bound after
    # the figure is a lower bound, as "at least" is
    clause = re.sub(
        r"(?<!at least )(?<!within )(?<![\w.])(\d+(?:\.\d+)?\s*(?:days?|weeks?|months?)) or "
        r"(?:more|longer|greater)\b"
        r"(?=\s*(?:must |should )?(?:have |has )?(?:elapsed |passed )?(?:since|after|from)\b)",
        r"at least \1",
        clause,
    )
    # "in the 30 days period before inclusion": the window itself
    clause = re.sub(
        r"\b(\d+)[- ](days?|weeks?|months?)[- ]period\s+(?=before|prior to|preceding)",
        r"\1 \2 ",
        clause,
    )
    clause = re.sub(r"\bless than or equal to\b", "<=", clause)
    # "off treatment for 3 or more weeks", "3 or more weeks since": at least that long
    clause = re.sub(
        r"\b(\d+(?:\.\d+)?) or (?:more|longer) (days?|weeks?|wks?|months?)(?=\s*(?:[.;,)]|$|"
        r"(?:prior|before|since|from|after|have|has|must|should)\b))",
        r"at least \1 \2",
        clause,
    )
    clause = re.sub(r"\bwithin (?:at least|a minimum of) (?=\d)", "within ", clause)
    # "Eligible patients must not have been on ...": who the line is about, no permission
    clause = re.sub(r"^(\W*)eligible (patients?|subjects?|participants?)\b", r"\1\2", clause)
    clause = re.sub(r"\b(?:greater|more) than or equal to\b", ">=", clause)
    clause = re.sub(
        r"\b(within|in|during|over)(?: the)? (past|last|previous|preceding) (month|week)\b",
        r"\1 the \2 1 \3",
        clause,
    )
    clause = re.sub(
        r"\b(in|during) the (month|week) (prior to|before|preceding)\b",
        r"\1 the last 1 \2 \3",
        clause,
    )
    # "at least 3 half-lives or 30 days since": the days first, as protocols mostly write it
    clause = re.sub(
        r"\b(at least|within|>=|>|more than|a minimum of) (\d+|five) (?:x |times )?(?:the )?"
        r"half-?lives (or|and) (\d+(?:\.\d+)?(?:\s*|-)(?:days?|weeks?|wks?|months?))\b",
        r"\1 \4 \3 \2 half-lives",
        clause,
    )
    # "Any prior therapy should have been completed >= 2 weeks prior to start of study therapy",
    # "Other previous treatments should have been completed 3 weeks before inclusion": every
    # prior treatment of the cancer, so every systemic class (a span of months is a
    # relapse-free interval, left alone)
    clause = _BARE_PRIOR_THERAPY_COMPLETED.sub(
        lambda m: m[0] if _months_long(clause[m.end() :]) else f"{m[1]}prior anti-cancer {m[2]}",
        clause,
    )
    # "At least 4 weeks must have elapsed since the completion of any prior therapy", "at least
    # 2 weeks since completion of prior therapy", "at least 4 weeks from last treatment": the
    # last treatment of the cancer, so every systemic class (months are a relapse-free
    # interval, and a brain-metastases line speaks of the brain's treatment)
    clause = _BARE_PRIOR_THERAPY_SINCE.sub(
        lambda m: (
            m[0]
            if _months_long(m[0])
            or _BRAIN_METASTASES.search(clause)
            # ("Prior chemotherapy or radiotherapy with at least 4 weeks since the last treatment":
            # the treatments the clause named before)
            or categories(clause[: m.start()])
            # (a bare "since prior therapy" under an "Other" sub-heading names no class)
            or not re.search(r"\b(?:any|all|last|most recent|completion)\b", m["lead"])
            else f"{m['lead']}prior anti-cancer {m['noun']}"
        ),
        clause,
    )
    # "Prior therapy (chemotherapy, radiotherapy, or surgery) must have been completed at least
    # 4 weeks before": a plain therapy noun whose parenthesis lists the classes it means
    clause = re.sub(
        r"^(\W*(?:(?:any|all) )?(?:prior|previous) (?:therapy|therapies|treatments?))\s*"
        r"\(((?:(?:e\.?g|i\.?e|including),?\s*)?[^()\d]*)\)",
        lambda m: f"{m[1]} {m[2]}" if categories(m[2]) and not _EXCEPTION.match(m[2]) else m[0],
        clause,
    )
    # "At least 6 months since prior cancer treatment (surgery, radiation, and/or
    # chemotherapy)": a broad term whose parenthesis lists the classes means those classes
    # (examples after "e.g.", "including" or "such as" leave it broad)
    clause = re.sub(
        r"(" + BROAD_ANTICANCER.pattern + r")\s*\((?!\s*(?:e\.?g|including|such as|for example|"
        r"excluding|except|other than|not including|with the exclusion))([^()\d]*)\)",
        lambda m: m[m.lastindex or 0] if _only_classes(m[m.lastindex or 0]) else m[0],
        clause,
    )
    # "anticancer treatment with immune checkpoint inhibitor, etc. within 28 days": a broad term
    # whose treatments are named after "with" means those classes
    clause = re.sub(
        r"(" + BROAD_ANTICANCER.pattern + r")\s+with\s+([^()\d;]*?)(?:,?\s*etc\b\.?)?"
        r"(?=\s*(?:within|in the (?:last|past|previous)|<|\d))",
        lambda m: m[m.lastindex or 0] if _only_classes(m[m.lastindex or 0]) else m[0],
        clause,
    )
    # "Patients must be >= 4 weeks prior radiation or chemotherapy": the "from" left out
    clause = re.sub(
        r"((?:>=|>|\bat least|\bmore than|\bgreater than)\s*\d+(?:\.\d+)?\s*(?:days?|weeks?|"
        r"months?))\s+prior\s+(?!to\b|the\b|\d)",
        r"\1 since prior ",
        clause,
    )
    return re.sub(r"\bwithin (?:a|one) (month|week)\b", r"within 1 \1", clause)


def _only_classes(words: str) -> bool:
    """Words that list treatment classes and nothing else ("surgery, radiation, and/or
    chemotherapy")."""
    items = [item for item in re.split(r",|;|\band/or\b|\bor\b|\band\b", words) if item.strip()]
    return bool(items) and all(categories(item) for item in items)


# The setting a therapy was given for, after its noun: "systemic therapy for recurrent disease".
_SETTING = re.compile(
    r"\b(therap(?:y|ies)|treatments?|chemotherapy|agents?) for (?:the )?(?:recurrent|relapsed|"
    r"progressive|(?:recurrent or )?metastatic|advanced) (?:disease|cancer|tumou?rs?)\b|"
    # "in the absence of rapidly progressing disease, the interval from prior treatment ... at
    # least 2 weeks for cytotoxic agents": a condition on the window, no progression window
    r"\bin the absence of (?:rapidly )?progressi\w+ disease\b"
)


def _split_exception(scope: str) -> tuple[str, str]:
    """The treatments, and the words of an exception after them ("except biopsies")."""
    match = _EXCEPTION.search(scope)
    if match is None:
        return scope, ""
    exception = scope[match.start() :]
    # "... apart from those named above should be stopped": the exception ends at its verb.
    exception = re.split(r"\s(?:should|must|shall|will|need to|have to)\b", exception)[0]
    return scope[: match.start()], exception.strip(" ,;()")


_TRIAL_CUE = re.compile(
    r"investigational|clinical (?:study|studies|trials?)|participat\w*|"
    r"\b(?:interventional|therapeutic|drug|device) (?:study|studies|trials?)\b|"
    r"\b(?:another|other) (?:\w+ ){0,2}?(?:study|studies|trials?)\b"
)
_NEW_DISJUNCT = re.compile(
    r"\s(?:or|and)\s+(?=(?:treatment|therapy|use|receipt|prior|previous|any|received|receiving|"
    r"has|have|had|participat\w*)\b)|;|"
    # "cytotoxic chemotherapy, investigational agents or other anticancer drugs from a previous
    # regimen or clinical study": the broad term after the investigational item is its own
    # ("use of investigational agents or concurrent anti cancer treatment within 4 weeks": the
    # same)
    r"\s(?:or|and)\s+(?=(?:other |concurrent |any )?(?:systemic )?(?:anti[- ]?cancer|"
    r"anti[- ]?tumou?r|anti-?neoplastic)\b)"
)


_OPENING_ANCHOR = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:(?:prior to|before|of|preceding|from)\s+(?:the\s+)?(?:\w+\s+){0,6}?"
    r"(?:dose|administration|treatment|drug|intervention|enrol\w*|randomi\w*|registration|"
    r"screening|entry|inclusion|day 1|cycle 1)\b)?\s*,?\s*"
)


def _after_opening_window(after: str) -> str:
    """The treatments after a window that opens the line ("Within 4 weeks before the first
    dose, received chemotherapy or radiotherapy"), past the event it counts back from."""
    words = re.split(r";", DURATION.split(after, maxsplit=1)[0], maxsplit=1)[0]
    if "," in words[:120]:
        return words.split(",", 1)[1]
    return _OPENING_ANCHOR.sub("", words, count=1)


def _in_a_trial(scope: str) -> list[str]:
    """The classes of treatments that were taken in another trial are investigational only ("a
    clinical study with an investigational drug, biologic or device"); the treatments named
    before the trial, or in a disjunct of their own, keep their classes ("chemotherapy or
    participation in a clinical trial within 4 weeks")."""
    named: list[str] = []
    for part in _NEW_DISJUNCT.split(scope):
        cue = _TRIAL_CUE.search(part)
        found = categories(part[: cue.start()] if cue else part)
        if cue:
            found.append("investigational")
        named += [category for category in found if category not in named]
    return named


def _per_class(clause: str) -> list[tuple[str, int, str]]:
    """Windows of their own inside a parenthesis: "(8 weeks for immune checkpoint inhibitors)"."""
    found: list[tuple[str, int, str]] = []
    for inside in re.findall(r"\(([^()]*)\)", clause):
        if re.match(r"\s*(?:if|when|unless|provided|in case)\b", inside):
            # "(if palliative radiotherapy was given within 2 weeks, the patient must have
            # recovered)": a condition on something else, not a window of its own
            continue
        for part in re.split(r";|,(?=\s*\d)|\b(?:or|and)\b(?=\s*\d)", inside):
            match = re.search(
                DURATION.pattern + r"\s+(?:for|with|in the case of)\s+(?:the\s+)?(.+)$", part
            )
            of_class = re.search(r"\bwithin\s+" + DURATION.pattern + r"\s+of\s+(.+)$", part)
            if match is None and of_class and categories(of_class.group(3)):
                # "(within 6 weeks for nitrosoureas, within 2 weeks of small molecule targeted
                # therapies)": "of" before a class is "for" it
                match = of_class
            if match is None:
                match = re.search(
                    r"^\s*(?:for\s+)?(.+?)\s*[:,]?\s*(?:within\s+|>=\s*|at least\s+)?"
                    + DURATION.pattern,
                    part,
                )
                if match is None:
                    continue
                what, number, unit = match.group(1), match.group(2), match.group(3)
            else:
                number, unit, what = match.group(1), match.group(2), match.group(3)
            found.append((what.strip(), days(number, unit), part.strip()))
    return found


_EXPLAINS = re.compile(
    # ("... within the last 3 weeks of study dosing including chemotherapy, radiotherapy, ...":
    # a few words of the window's own phrase before the list)
    r"^\s*(?:[^,;]*?,\s*|(?:[\w-]+\s+){1,4}?)?(?:including|such as|e\.?g\.?,?|for example)\s+(.*)$"
)
_NOT_AN_EXPLANATION = re.compile(
    _EXCEPTION.pattern + r"|\b(?:allowed|permitted|eligible|acceptable|may|biops\w*|\bgy\b|"
    r"steroid\w*|vaccin\w*)"
)


def _explanations(clause: str, duration: str, after: str, *, since: bool = False) -> list[str]:
    """Treatments a broad term lists: in parentheses before its window, or after "including".

    A window counted from the treatment ("at least 4 weeks from any anticancer treatment
    (chemotherapy, ..., radiation)") has the broad term, and its parenthesis, after it.
    """
    words: list[str] = []
    position = clause.find(duration)
    searched = clause[: max(position, 0)]
    if since and position >= 0:
        following = clause[position + len(duration) :]
        searched = re.split(r"\bprior to\b|\bbefore\b|;", following, maxsplit=1)[0]
        if (next_window := DURATION.search(searched)) is not None:
            searched = searched[: next_window.start()]
    for inside in re.findall(r"\(([^()]*)\)", searched):
        if not DURATION.search(inside) and not _NOT_AN_EXPLANATION.search(inside):
            words.append(inside)
    if not since and position >= 0:
        # "anticancer therapies within 4 weeks of day 1 (including chemotherapy, radiation
        # therapy, ...)": the examples in a parenthesis after the window
        following = re.split(r";", clause[position + len(duration) :], maxsplit=1)[0]
        following = DURATION.split(following, maxsplit=1)[0]
        # (only one in the window's own phrase: never past a comma that starts another item)
        for inside in re.findall(
            r"^[^,;()]*\(\s*(?:including|such as|e\.?g\.?,?)\s+([^()]*)\)", following
        ):
            if not DURATION.search(inside) and not _NOT_AN_EXPLANATION.search(inside):
                words.append(inside)
        # "has undergone within 28 days before the first dose, any cancer therapy (surgery,
        # chemotherapy, radiation therapy, ...)": the broad term after the window, its items
        # in the parenthesis after it
        # (only when nothing before the window names what it is for)
        if not categories(searched) and (
            items := re.match(
                r"^[^;()]*?(?:" + BROAD_ANTICANCER.pattern + r")\s*\((?P<items>[^()]*)\)",
                following,
            )
        ):
            inside = items["items"]
            if not DURATION.search(inside) and not _NOT_AN_EXPLANATION.search(inside):
                words.append(inside)
    listed = _EXPLAINS.match(after)
    if listed and not DURATION.search(listed[1]) and not _NOT_AN_EXPLANATION.search(listed[1]):
        words.append(listed[1])
    # "(including endocrine, chemo/radiotherapy, targeted therapy)": a bare class adjective
    # among the broad term's items is that class's therapy
    return [_BARE_HORMONAL_ITEM.sub(r"\1 therapy", item) for item in words]


_BARE_HORMONAL_ITEM = re.compile(r"\b(endocrine|hormonal)\b(?=\s*(?:,|/|\)|$|\bor\b|\band\b))")


# A note for one cohort, arm or part inside a line ("Patients in Cohort 3 must have completed
# radiation 3-8 weeks prior") does not apply to everyone.
_ONE_GROUP = re.compile(
    r"\b(?:patients|participants|subjects) (?:in|of|enrolled in|assigned to) (?:the )?(?:cohorts?|"
    r"arms?|parts?|groups?) (?:[a-z]|\d+|[ivx]+)\b(?!\s*(?:and|or|,|/)\s*(?:[a-z]|\d+)\b)|"
    r"\bfor (?:the )?(?:cohorts?|arms?|parts?) (?:[a-z]|\d+|[ivx]+)\b(?!\s*(?:and|or|,|/)\s*"
    r"(?:[a-z]|\d+)\b)|"
    # "patients in the expansion cohort must not have received ...": one part of the study
    r"\b(?:patients|participants|subjects) (?:in|of|enrolled in|assigned to) (?:the )?"
    r"(?:dose[- ])?(?:escalation|expansion)(?!\s*(?:and|or|,|/))\s+(?:cohorts?|arms?|parts?|"
    r"phases?)\b"
)
# What admits a treatment once time has passed: "... is allowed provided a 6-week washout",
# "... are eligible if it has been at least 6 months since the last dose", "patients who stopped
# treatment > 3 months prior are eligible".
_ADMITS = re.compile(
    r"\b(?:is|are|was|were|be|being) (?:also |still )?(?:allowed|permitted|permissible|"
    r"eligible|acceptable|tolerated)\b|\bmay have (?:received|had|undergone)\b|"
    r"\bcan be (?:included|enrolled)\b|\bunless\b"
)
_ADMITS_IF = re.compile(r"\b(?:if|provided|as long as|when|once|following|after|unless)\b")


def _admitted_after_a_window(clause: str) -> dict[str, Washout]:
    """A treatment admitted once a lower-bound window has passed is a washout of that window
    (never one admitted "within" a time: that is a permission)."""
    admits = _ADMITS.search(clause)
    if admits is None:
        return {}
    subject = clause[: admits.start()]
    if not categories(subject) and _NOT_A_WASHOUT.search(subject):
        return {}  # "A history of immunosuppressant use can be allowed if ...": no cancer therapy
    for window in DURATION.finditer(clause):
        before, after = clause[: window.start()], clause[window.end() :]
        lower = re.search(
            r"(?:at least|>=|>|more than|a minimum of|minimum of|no less than)\s*$", before
        ) and re.match(
            r"\s*(?:\(?or [^,;()]*?half-?lives?[^,;()]*\)?,?\s*(?:\(?whichever[^,;()]*\)?,?\s*)?)?"
            r"(?:have |has )?(?:elapsed|passed|since|after|from|prior|before|ago|between)\b",
            after,
        )
        washout = re.match(r"[\s-]*wash-?out\b", after) or re.search(
            r"\bwash-?out (?:period )?(?:of |is |was )?(?:a )?(?:minimum of |at least )?$", before
        )
        # "... are eligible unless the adjuvant immunotherapy was given within 6 months" (the
        # treatment named before the window)
        recent = (
            re.search(r"\bwithin\s*$", before)
            and re.search(r"\bunless\b", clause[admits.start() : window.start()])
            and categories(before)
        )
        # "(subjects are eligible to enrol 4 weeks after completion of prior investigational
        # agent)": the window counts from the treatment named after it
        enrol_after = re.search(
            r"\b(?:eligible|allowed|permitted)(?: to (?:enrol+|participate|be enrol+ed))?\s*$",
            before,
        ) and re.match(
            r"\s*after (?:the )?(?:completion|last dose|end|discontinuation) of\b", after
        )
        if enrol_after:
            treated = re.split(r"[,;.)]", after, maxsplit=1)[0]
            if _NOT_A_WASHOUT.search(treated) or _HARM.search(treated):
                return {}
            return _admitted_washouts(days(window.group(1), window.group(2)), treated)
        if not (lower or washout or recent):
            continue
        if _OTHER_ANCHOR.match(after) or re.match(
            r"\s*(?:prior|before)\s+(?:to\s+)?(?:the\s+)?(?:initial\s+|first\s+)?(?:"
            + _EVENT_ADJECTIVE
            + r"\s+)?(?:diagnosis|progression|relapse|recurrence)",
            after,
        ):
            continue  # "... unless received > 6 months prior to the initial diagnosis"
        if window.start() > admits.end() or admits[0] == "unless":
            cue = _ADMITS_IF.search(clause, admits.start(), window.start())
            if cue is None and re.fullmatch(
                r"\s*(?:at least|>=|>|more than|a minimum of)\s*",
                clause[admits.end() : window.start()],
            ):
                # "Radiation to bony metastases is allowed >= 14 days before starting treatment"
                cue = re.compile(r"\S").search(clause, admits.end())
            if cue is None or window.start() - admits.end() > 160:
                continue
            treated = clause[: admits.start()]
            if not categories(treated):
                treated = clause[admits.end() : window.start()]
            if not categories(treated) and not re.match(
                r"\s*(?:of|before|prior to|from) (?:the )?(?:first|start|initiation|beginning)",
                after,
            ):
                # "... at least 6 months since the last anti-PD-1 dose" (not "of the first dose
                # of the study drug")
                treated = re.split(r"[,;.]", after, maxsplit=1)[0]
            condition = clause[cue.start() : window.end()]
        elif re.search(
            r"\b(?:stopped|completed|discontinued|finished|ended)\b[^,;]{0,30}$", before
        ):
            treated, condition = before, clause[window.start() : admits.start()]
        else:
            continue
        if _NOT_A_WASHOUT.search(re.sub(r"vaccin\w*", " ", f"{treated} {condition}")):
            return {}
        setting = r"\b(?:neo-?)?adjuvant\b|\bsetting\b|\bcurative\b|\bmetasta\w*"
        if re.search(setting, condition) and not re.search(setting, treated):
            # "prior systemic therapy, unless given as adjuvant therapy more than 6 months ago":
            # the treatment is ruled out outright, and only one setting has a window
            return {}
        if _HARM.search(condition) or _TO_COME.search(treated):
            return {}
        return _admitted_washouts(days(window.group(1), window.group(2)), treated)
    return {}


_PREVIOUS_IN_PARENTHESIS = re.compile(
    r"\b(prior|previous|recent(?:ly)?)\s*\(\s*(?:within\s+|(?:the\s+)?(?:last|past)\s+|<=?\s*)?"
    r"(\d+|one|two|three|four|six|a)\s*(days?|weeks?|months?)"
    # "recently (within 30 days before enrolment) using another study drug"
    r"(?:\s+(?:before|prior to)\s+(?:the\s+)?(?:enrol+ment|registration|randomi[sz]ation|"
    r"inclusion|screening|(?:the\s+)?first dose|study (?:entry|start|treatment)))?\s*\)"
)


def _previous_window_in_parenthesis(clause: str) -> str:
    """ "Previous (one month) or concurrent chemotherapy or radiotherapy": the window in a
    parenthesis after "previous" is the clause's window, read as "... within 1 month"."""
    match = _PREVIOUS_IN_PARENTHESIS.search(clause)
    if match is None or DURATION.search(clause[: match.start()] + clause[match.end() :]):
        return clause
    number = "1" if match[2] == "a" else str(NUMBER_WORDS.get(match[2], match[2]))
    rest = clause[: match.start()] + match[1] + clause[match.end() :]
    return f"{rest.rstrip(' .;,')} within {number} {match[3]}"


def _respectively(kind: str, clause: str) -> dict[str, Washout] | None:
    """ "Prior chemotherapy and immunotherapy are allowed provided a wash-out period of 21 days,
    or 7 days, respectively": the classes take the windows in the order named. None when the
    clause is not of that shape; no washout when the classes and windows do not pair up."""
    if not re.search(r"\brespectively\b", clause):
        return None
    if aside := re.search(r"\([^()]*\brespectively\b[^()]*\)", clause):
        # "Anti-tumour therapy within 28 days (6 or 4 weeks for bicalutamide or flutamide,
        # respectively)": the drugs' own windows beside the general one
        return read(kind, f"{clause[: aside.start()]} {clause[aside.end() :]}")
    windows = list(DURATION.finditer(clause))
    if len(windows) < 2:
        return None
    head = clause[: windows[0].start()]
    named = categories(head)
    if len(named) < 2:
        return None
    patterns = dict(CATEGORIES)
    places = {c: m.start() for c in named if (m := re.search(patterns[c], head))}
    if (
        len(places) != len(named)
        or len(named) != len(windows)
        or BROAD_ANTICANCER.search(head)
        or _NOT_A_WASHOUT.search(head)
    ):
        return {}
    if kind == "inclusion" and not re.search(
        r"\b(?:wash-?out|at least|since|elapsed|provided|>=|>|more than)\b", clause
    ):
        return {}  # "received A and B within 6 and 12 months, respectively": recency
    found: dict[str, Washout] = {}
    for category, window in zip(sorted(named, key=places.__getitem__), windows, strict=True):
        span = days(window[1], window[2])
        if _a_washout(category, span):
            found[category] = Washout(span)
    return found


# "Previous systemic anticancer treatment completed >= 3 weeks, major surgery >= 2 weeks, and
# radiation therapy >= 4 weeks prior to enrolment": each item its own lower-bound window.
_LIST_ITEM = re.compile(
    r"\s*(?:,\s*)?(?:and\s+)?(?P<what>[^,;<>=]+?)\s+(?:(?:completed|finished|stopped|"
    r"discontinued|ended)\s+)?(?:>=|>|at least|more than|a minimum of)\s*"
    + _NUMBER
    + r"(?:\s*|-)(?P<unit>days?|weeks?|wks?|months?)\b"
)


def _own_windows_in_a_list(kind: str, clause: str) -> dict[str, Washout] | None:
    """The windows of a list whose items each carry a lower bound before one closing "prior
    to"; None when the clause is not of that shape."""
    if kind != "inclusion":
        return None
    end = re.search(r"\s*(?:prior to|before)\b", clause)
    if end is None:
        return None
    head, position, items = clause[: end.start()], 0, []
    while position < len(head) and (item := _LIST_ITEM.match(head, position)):
        items.append(item)
        position = item.end()
    if len(items) < 2 or head[position:].strip():
        return None
    found: dict[str, Washout] = {}
    for item in items:
        what = item["what"]
        named = categories(what)
        if not named or _NOT_A_WASHOUT.search(what) or _HARM.search(what):
            return None
        span = days(item.group(2), item["unit"])
        for category in named:
            if _a_washout(category, span):
                found[category] = Washout(span)
    return found


_MINOR_PROCEDURES_ALLOWED = re.compile(
    r"[,;]\s*(?:but\s+|however,?\s+)?[^,;]*\b(?:minor (?:surg\w*|(?:surgical )?procedures?)|"
    r"biops(?:y|ies)|catheter|port placement|vascular access)\b[^;]*?\b(?:is|are)\s+(?:allowed|"
    r"permitted|acceptable)\b[^;]*$"
)
# The brain named only to widen or to set aside: "radiotherapy (including brain)", "radiation
# for lesions outside the central nervous system (CNS)" is no CNS stability window.
_BESIDE_THE_BRAIN = re.compile(
    r"\(\s*(?:including|incl\.?|even)\s+(?:to\s+(?:the\s+)?)?(?:the\s+)?brain\s*\)|"
    r"\boutside (?:of )?(?:the )?(?:central nervous system|cns|brain)(?:\s*\(cns\))?|\bnon-?cns\b"
)


def _beside_the_brain(clause: str) -> str:
    return _BESIDE_THE_BRAIN.sub(" ", clause)


_WASH_OUT = re.compile(r"\bwash out\b")
_OFF_FOR = re.compile(
    # ("must have been off previous anti-androgen therapy for more than 4 weeks")
    r"\b(?:be |been |is |are )?off (?:all )?(?P<what>[^;]{1,120}?) for "
    r"(?:at least |a minimum of |more than |>=? ?)?"
    r"(?P<window>\d+ (?:days?|weeks?|months?))(?: (?P<tail>prior to|before)\b|(?=\s*(?:[.;]|$)))"
)
_AFTER_RECOVERY = re.compile(
    r"^.*\b(?:recovered|resolved)\b[^;,]*?\band (?:(?:be|are|is|have been|has been)\b|"
    # ("resolved toxicities of prior therapy and minimum 7 days since prior gefitinib": the window
    # a requirement of its own after the recovery)
    r"(?=(?:an? )?(?:at least|minimum(?: of)?|a minimum of|>=|more than)\s*$))",
    re.DOTALL,
)
_STUDY_START = (
    r"(?:the\s+)?(?:commencement|start|initiation|beginning|first dose|day 1|cycle 1)\b"
    r"[^,;]{0,40}?"
)
_WASHOUT_FOR_AFTER_START = re.compile(
    r"(\bwashout (?:period )?of (?:at least |a minimum of )?\d+ (?:days?|weeks?|months?))\s+"
    r"((?:before|prior to)\s+" + _STUDY_START + r")\s+(for\s+[^,;.]+)"
)
_ELAPSED_BEFORE_START_SINCE = re.compile(
    r"\b((?:elapsed|passed))\s+(?:before|prior to)\s+" + _STUDY_START + r"\s+since\b"
)


_UPPER_INTERVAL = re.compile(
    r"(?P<minimum>\b(?:at least|>=|more than|a minimum of)\s*" + _NUMBER + r"\s*"
    r"(?:days?|weeks?|wks?|months?))\s*,?\s*(?:but|and)\s+(?:no|not) (?:more|later) than\s*"
    + _NUMBER
    + r"\s*(?:days?|weeks?|wks?|months?|years?)(?=\s*(?:since|after|post|from)\b)"
)


# Items lettered within one clause ("a) ..., b) ..., c) ...").
_LETTERED_ITEM = re.compile(r"[,;]?\s+(?=[a-h]\)\s)")


def read(kind: str, clause: str) -> dict[str, Washout]:
    """The washouts one clause states (a normalised clause: see `extraction._clauses`)."""
    clause = _protect(_WASH_OUT.sub("washout", clause))
    # "Received a biologic (G-CSF, GM-CSF or erythropoietin) within 28 days": a growth factor,
    # no cancer therapy
    clause = re.sub(
        r"\bbiologics?(?: (?:agents?|therapy|therapies))?(?=\s*\(\s*(?:e\.?g\.?,?\s*|such as\s+)?"
        r"(?:g-?csf|gm-?csf|erythropoietin|epoetin|filgrastim|pegfilgrastim|(?:hematopoietic |"
        r"haematopoietic )?growth factors?)\b)",
        "growth factor",
        clause,
    )
    # "..., immunotherapy ( or have used mitomycin C) within 6 weeks before ...": the window
    # after the parenthesis is the narrower group's, not the classes listed before it
    clause = re.sub(
        r"\(\s*(or (?:(?:have|has|had) )?(?:used|received|taken|been given|receiving|use) "
        r"[^()]{0,40}?\b(?:mitomycin|nitrosoureas?|carmustine|lomustine)\b[^()]{0,20}?)\s*\)\s*"
        r"(within \d+(?:\.\d+)? (?:days?|weeks?|months?)(?: (?:before|prior to) [^,;.()]{0,60})?)",
        r"(\1 \2)",
        clause,
    )
    # "cytotoxic agents within the last 3 or 4 weeks, ..., or within the last 6 weeks for agents
    # such as mitomycin": the later window is the narrower group's, as in a parenthesis
    clause = re.sub(
        r",?\s+or within (?:the (?:last|past) )?(\d+(?:\.\d+)?\s*(?:days?|weeks?|months?)) for "
        r"((?:agents? |drugs? )?(?:such as |like |e\.g\.,? )?(?:mitomycin|nitrosoureas?|carmustine|"
        r"lomustine)\b[^,;.()]{0,40})",
        r" (\1 for \2)",
        clause,
    )
    # "Disease progression after standard second-line therapy, and more than 2 weeks since the
    # end of the last antitumour treatment": a progression without a window, then a washout
    clause = re.sub(
        r"^\W*(?:(?:radiographic|radiological|documented|objective|disease) )*progression\b"
        r"(?:(?!\d)[^;,.()])*,\s+and\s+(?=(?:more than|at least|over|>=?)\s*\d)",
        "",
        clause,
    )
    # "Hepatic locoregional therapy following prior systemic therapy or within 28 days": the
    # systemic therapy dates the local one, whose window this is
    clause = re.sub(
        r"\b((?:loco-?regional|local|liver-directed|(?:hepatic|liver) (?:loco-?regional|local))\s+"
        r"(?:therapy|therapies|treatments?))\s+(?:following|after)\s+(?:(?:any|the|prior|"
        r"previous)\s+)*systemic\s+(?:therapy|therapies|treatments?)\b",
        r"\1",
        clause,
    )
    # "Chemotherapy or monoclonal antibodies within 4 weeks (erlotinib within the past 4 weeks
    # is allowed)": a permission with a window of its own names no treatment of the window
    clause = re.sub(
        r"\s*\((?![^()]*\bnot\b)[^()]*\b\d+(?:\.\d+)?\s*(?:days?|weeks?|months?)\b[^()]*"
        r"\b(?:is|are) (?:allowed|permitted)\s*\)",
        " ",
        clause,
    )
    # "No hormonal therapy is allowed within 1 week of ...", "No treatment with A or B will be
    # allowed within 4 weeks of ...": a refusal, not a permission
    clause = re.sub(
        r"^(\s*)no\s+([^;,()]{1,80}?)\s+(is|are|will be|shall be)\s+(allowed|permitted)\b",
        r"\1\2 \3 not \4",
        clause,
    )
    # "A washout of at least 2 weeks before start of study drug for radiation": the treatment
    # the window is for follows the study's start.
    clause = _WASHOUT_FOR_AFTER_START.sub(r"\1 \3 \2", clause)
    # "Prior treatment within 4 weeks before the first drug administration with immunotherapy,
    # ... or investigational treatment": the window opens the line, the treatments follow "with"
    clause = re.sub(
        r"^(\W*)(?:(?:prior|previous|any) )?(?:treatment|therapy) (within \d+(?:\.\d+)? "
        r"(?:days?|weeks?|months?) (?:before|prior to) (?:the )?(?:first|1st|start of)"
        r"[^,;()]{0,40}?) with\b",
        r"\1\2, treatment with",
        clause,
    )
    # "At least 4 weeks must have elapsed prior to commencement of treatment since prior
    # chemotherapy": the study's start between the window and the treatment.
    clause = _ELAPSED_BEFORE_START_SINCE.sub(r"\1 since", clause)
    # ">= 2 weeks must have elapsed for local palliative XRT (small port) and enrollment on
    # study": the time since that treatment
    clause = re.sub(
        r"\b((?:must|should|shall|will) (?:have )?(?:elapsed|passed)) for "
        r"(?!(?:the )?(?:patients?|participants?|subjects?|those|children|all|each)\b)",
        r"\1 since ",
        clause,
    )
    # "Less than 4 weeks between registration and the last receipt of chemotherapy, biotherapy
    # or major surgery": those treatments within that window
    clause = re.sub(
        r"^(\W*)(?:<|less than)\s*(\d+(?:\.\d+)?\s*(?:days?|weeks?|months?)) between (?:the )?"
        r"(?:date of )?(?:registration|enrol+ment|randomi[sz]ation|study entry|inclusion|(?:the )?"
        r"first dose(?: of [\w-]+)?|start of (?:the )?study (?:treatment|therapy|drug)) and "
        r"(?:the )?(?:(?:last|most recent) (?:receipt|dose|administration) of |"
        r"(?:completion|end) of )?([^;()]+?)(?=\s*(?:[.;]|$))",
        r"\1\3 within \2",
        clause,
    )
    # "Concomitant or within 4-week period administration of any other experimental drug": the
    # drug the window is for follows it
    clause = re.sub(
        r"\bwithin (?:the |a )?(\d+(?:\.\d+)?)[- ](day|week|month)s? period,? (?:of )?(?:the )?"
        r"(?:administration|use|receipt|intake) of ([^;()]{1,120}?)(?=\s*(?:[.;]|$))",
        r"\3 within \1 \2s",
        clause,
    )
    # "A minimum interval of four weeks prior to the first dose of X must have elapsed since
    # receipt of any investigational therapy": the same, the study's start after the window
    clause = re.sub(
        r"\b(?:an? |the )?(minimum|at least)?\s*(?:interval|period) of (\d+(?:\.\d+)?\s*"
        r"(?:days?|weeks?|months?))\s+(?:before|prior to)\s+"
        + _STUDY_START
        + r"\s+((?:must|should|shall|will) (?:have )?(?:elapsed|passed) since)\b",
        lambda m: f"{'a minimum of' if m[1] else ''} {m[2]} {m[3]}",
        clause,
    )
    # "received treatment within 28 days of the first dose with a drug that has not received
    # regulatory approval for any indication": the drug the window is for follows it
    # ("treatment within 28 days of the initial dose with an investigational product": the same;
    # "chemotherapy treatment within 3 weeks ... or prior treatment with an investigational agent
    # within 4 weeks": the agent is another treatment's, with a window of its own)
    clause = re.sub(
        r"\b(?:treatment|therapy) ((?:within|in the (?:last|past))\s+"
        r"(?:(?!\b(?:or|and) (?:prior |previous |any )?(?:treatment|therapy)\b)[^;()]){1,80}?),? "
        r"with "
        r"(?:an? |any )?((?:drugs?|agents?|products?|compounds?|medications?) (?:that|which) "
        r"(?:has|have) not (?:yet )?(?:received|obtained|been granted) (?:regulatory |marketing )?"
        r"approval|(?:other )?(?:investigational|experimental) (?:products?|drugs?|agents?|"
        r"compounds?|medications?|devices?)\b)",
        r"\2 \1",
        clause,
    )
    # "Patients should be off all previous chemotherapy or radiotherapy for 3 weeks prior to
    # commencing therapy": at least that long before
    clause = _OFF_FOR.sub(
        lambda off: f"{off['what']} at least {off['window']} {off['tail'] or 'before'}", clause
    )
    # "eligible if they are > 3 weeks off cytotoxic chemotherapy and > 2 weeks off radiation
    # therapy": each window since the treatment it is off
    clause = re.sub(
        r"((?:>=|>|\bmore than|\bgreater than|\bat least|\ba minimum of)\s*\d+(?:\.\d+)?\s*"
        r"(?:days?|weeks?|wks?|months?)) off (?:of )?(?=[a-z])",
        r"\1 since ",
        clause,
    )
    # "a treatment-free interval of at least 3 weeks for cytotoxic therapies ... prior to the
    # first treatment": at least that long since them (in days or weeks: months of it are the
    # interval that tells platinum-sensitive disease, no washout)
    clause = re.sub(
        r"\b(?:treatment|therapy)[- ]free (?:interval|period) of "
        r"((?:at least|>=|a minimum of) \d+(?:\.\d+)? (?:days?|weeks?)) (?:for|from)\b",
        r"\1 since",
        clause,
    )
    # "the interval from prior treatment to the time of study drug administration is at least 14
    # days for antineoplastic agents": at least that long since those agents
    clause = re.sub(
        r"\binterval from (?:the )?(?:last |prior |previous |most recent )?(?:treatment|therapy|"
        r"dose) to (?:the )?[^,;]{0,80}? (?:is|will be|must be|should be) "
        r"((?:at least|>=|a minimum of) \d+(?:\.\d+)? (?:days?|weeks?|months?)) for\b",
        r"\1 since",
        clause,
    )
    # "Four weeks from last chemotherapy or two weeks from last radiotherapy" opening an
    # inclusion: the time that must have passed since each, a lower bound without the words
    if kind == "inclusion":
        clause = re.sub(
            r"(^\W*|\bor\s+)(\d+(?:\.\d+)?\s*(?:days?|weeks?|wks?|months?) (?:from|since) "
            r"(?:the )?(?:last|prior|previous|most recent)\b)",
            r"\1at least \2",
            clause,
        )
    # "Completed any major surgery 4 weeks from registration" opening an inclusion: the bare
    # figure is the time that must have passed since it
    if kind == "inclusion":
        clause = re.sub(
            r"^(\W*(?:must have |has |have )?(?:completed|finished)\b[^;:()\d]{1,80}?)\s"
            r"(?=\d+(?:\.\d+)?\s*(?:days?|weeks?|wks?|months?) (?:from|prior to|before)\b)",
            # (not "completed radiotherapy within 2 to 6 weeks prior to": a window with a top)
            lambda m: (
                m[0]
                if re.search(r"\b(?:within|to|and|or|between|in|than|least|of)$|[<>=-]$", m[1])
                else f"{m[1]} at least "
            ),
            clause,
        )
    # "less than a 4 week interval since prior chemotherapy": a time since the treatment, not a
    # disease-free interval
    clause = re.sub(
        r"(<|\bless than|\bshorter than)\s*(?:an? )?(\d+(?:\.\d+)?)[- ](days?|weeks?|months?) "
        # ("... unless there is histological confirmation of recurrence": a rule for telling
        # relapse from radiation change, kept as an interval)
        r"interval (since|from|after)\b(?![^;]*\bunless\b)",
        r"\1 \2 \3 \4",
        clause,
    )
    # "has not yet completed a 14 day washout period for any previous anti-cancer therapy": the
    # washout's window before what it is for
    clause = re.sub(
        r"(?:\b(at least|a minimum of) )?\b(?:an? )?(\d+(?:\.\d+)?)[- ](days?|weeks?|months?)[- ]"
        r"wash-?out(?: period)? for\b",
        lambda m: f"washout period of {m[1] + ' ' if m[1] else ''}{m[2]} {m[3]} for",
        clause,
    )
    # "must be willing to stop endocrine therapy for 2 weeks prior to starting the study": at
    # least that long before, as "off ... for"
    clause = re.sub(
        r"\b(?:stop|discontinue|interrupt)\s+([^;]{1,80}?) for (?:at least |a minimum of )?"
        r"(\d+ (?:days?|weeks?|months?)) (prior to|before)\b",
        r"\1 at least \2 \3",
        clause,
    )
    # "must have completed all previous anticancer therapy for at least 2 weeks prior to": the
    # same
    clause = re.sub(
        r"\b(completed|stopped|discontinued|finished)\b([^;]{1,200}?) for (at least|a minimum of) "
        # ("... for at least 30 days (6 weeks for mitomycin C) prior to enrolment")
        r"(?=\d+ (?:days?|weeks?|months?) (?:\([^()]*\) )?(?:prior to|before)\b)",
        r"\1\2 \3 ",
        clause,
    )
    # "patients cannot register within 7 days after completion of radiation", "may not begin
    # protocol therapy within 7 days of major surgery": the time that must have passed since
    clause = re.sub(
        r"\b(?:cannot|can not|may not|must not|should not)\s+(?:be\s+)?(?:register|enrol|begin|"
        r"start)\w*(?:\s+(?:on\s+)?(?:the\s+)?(?:protocol|study)\s+(?:therapy|treatment))?\s+"
        r"within\s+(\d+(?:\.\d+)?\s*(?:days?|weeks?|months?))\s+(?:after|of|following)\s+"
        r"(?=(?:the\s+)?(?:completion|end|last dose)\s+of\b|(?:major|minor)\s+surg|radi)",
        r"must be at least \1 since ",
        clause,
    )
    # "an interval of at least 3 months must have elapsed since the last radiation therapy": the
    # interval is the window itself (a treatment-free interval is not: "platinum-free")
    clause = re.sub(
        r"(?<!free )\b(?:an |the )?interval of (?=(?:at least|>=|a minimum of) \d+(?:\.\d+)?\s*"
        r"(?:days?|weeks?|months?) (?:must |should )?(?:have |has )?(?:elapsed|passed) since\b)",
        "",
        clause,
    )
    # "At least 4 weeks but no more than 12 months post surgery": the maximum is an interval
    # the study asks for, the minimum the washout.
    clause = _UPPER_INTERVAL.sub(r"\g<minimum>", clause)
    # "Radiotherapy with >= 45 Gy completed >= 8 weeks prior": the dose says which radiotherapy
    # the window is for, as it would in brackets; a dose to a site ("> 30 Gy to the lung within
    # 6 months") is still a dose limit
    clause = re.sub(
        r"\s*\bwith (?:a (?:total )?dose of )?(?:>=|>|at least|more than|a minimum of)?\s*"
        r"\d+(?:\.\d+)?\s*c?gy\b(?!\s*(?:(?:total|cumulative)\s+(?:dose\s+)?)?(?:to|in|on|over|of)\b)\s*",
        " ",
        clause,
    )
    if _ONE_GROUP.search(clause):
        return {}
    if (
        of_class := re.match(
            r"\W*within\s+" + DURATION.pattern + r"\s+of\s+([^()]+?)\)\s*\W*$", clause
        )
    ) and not re.search(
        r"\b(?:first|dose|start\w*|enrol\w*|registration|randomi[sz]\w*|day|cycle|study|trial|"
        r"inclusion|entry|screening|initiation)\b",
        of_class.group(3),
    ):
        # "(within 6 weeks for nitrosoureas; within 2 weeks of small molecule targeted
        # therapies)": the parenthesis's second window, cut off at its semicolon, is the class's
        return {
            category: Washout(days(of_class.group(1), of_class.group(2)))
            for category in categories(of_class.group(3))
        }
    if re.search(
        r"\d\s*(?:days?|weeks?|months?)\s+(?:before|prior(?: to)?)\s+(?:\([^()]*\)\s*)?until\s+"
        r"\d+\s*(?:days?|weeks?|months?)\s+(?:after|following)\b",
        clause,
    ):
        # "Ibrutinib must be discontinued 7 days before until 7 days after major surgery": a
        # hold of the study drug around an operation, no washout of either
        return {}
    if (paired := _respectively(kind, clause)) is not None:
        return paired
    if (in_list := _own_windows_in_a_list(kind, clause)) is not None:
        return in_list
    lettered = _LETTERED_ITEM.split(clause)
    if (
        len(lettered) > 2
        and re.match(r"a\)", lettered[1])
        and re.match(r"b\)", lettered[2])
        and not DURATION.search(lettered[0])
    ):
        # "Before the first dose: a) has received chemotherapy for metastatic disease, b) ...,
        # c) had major surgery (< 3 weeks before the first dose)": with no window in the lead,
        # each lettered item is read on its own (the window is the surgery's only)
        found_in_items: dict[str, Washout] = {}
        for part in lettered[1:]:
            for category, washout in read(kind, part[2:]).items():
                if category not in found_in_items or washout.days > found_in_items[category].days:
                    found_in_items[category] = washout
        return found_in_items
    if len(notes := re.split(r"\s*\bnote\s*:\s*", clause)) > 1:
        # "... within 4 weeks. Note: those in follow-up of another trial may take part": each
        # note is read on its own
        found: dict[str, Washout] = {}
        for part in notes:
            for category, washout in read(kind, part).items():
                if category not in found or washout.days > found[category].days:
                    found[category] = washout
        return found
    if not DURATION.search(_without_parentheses(clause)):
        # "Other concurrent investigational agents (subjects are eligible to enrol 4 weeks after
        # completion of prior investigational agent)": the parenthesis holds the only window
        for inside in re.findall(r"\(([^()]*)\)", clause):
            if re.search(r"\beligible to (?:enrol|participate)", inside) and (
                admitted := _admitted_after_a_window(inside)
            ):
                return admitted
    if (allowed := _ALLOWED_AFTER.search(clause)) and not re.match(
        # "... allowed as long as completed at least 4 weeks prior to diagnosis of recurrent
        # disease": a window counted from another event
        r"\s*(?:the\s+)?(?:date of\s+)?(?:initial\s+|first\s+)?(?:" + _EVENT_ADJECTIVE + r"\s+)?"
        r"(?:diagnosis|recurrence|progression|relapse)\b",
        clause[allowed.end() :],
    ):
        # "Prior radiotherapy is allowed if more than 14 days have elapsed": a washout.
        if allowed["n4"] is not None:
            window = days(allowed["n4"], allowed["u4"])
        elif allowed["n5"] is not None:
            window = days(allowed["n5"], allowed["u5"])
        elif allowed["n1"] is not None:
            window = days(allowed["n1"], allowed["u1"])
        elif allowed["n2"] is not None:
            window = days(allowed["n2"], allowed["u2"])
        else:
            window = days(allowed["n3"], allowed["u3"])
        treated = f"{allowed['before']} {allowed['mid']}"
        return _admitted_washouts(window, treated)
    if re.search(r"\bunless\b", clause) and (
        admitted := _admitted_after_a_window(_without_parentheses(clause))
    ):
        return admitted  # "... in the adjuvant setting, unless completed more than 6 months before"
    # "Major surgery within 30 days, minor surgical procedures such as biopsies are allowed":
    # the permission is for something else than the window's treatment.
    clause = _MINOR_PROCEDURES_ALLOWED.sub("", clause)
    if _PERMISSION.search(_split_exception(_without_parentheses(clause))[0]):
        # (a permission inside an exception, "except those on entecavir, who may ...", leaves
        # the window)
        return _admitted_after_a_window(_without_parentheses(clause))
    if re.search(r"\bif (?:both|all|any|each) (?:of )?(?:the following|these)", clause):
        return {}  # a window that applies only with other conditions
    if re.search(
        r"(?:\b(?:within|in the (?:past|last))\b|<=?\s*\d)[^;]{0,100}?\b(?:with (?:incomplete|"
        r"unhealed|poor|"
        r"non-?healing|inadequate) (?:wound )?healing|with (?:the )?wound(?:s| healing)? "
        r"(?:incomplete|not (?:yet )?(?:healed|complete))|and (?:(?:has|have) )?not (?:yet )?"
        r"(?:fully |completely )?recovered|,? without (?:a )?(?:complete |full )?recovery)\b",
        clause,
    ):
        # "surgery within 3 weeks with incomplete wound healing", "surgery within 4 weeks and
        # has not recovered", "radiation therapy within 2 weeks and not recovered from its
        # adverse events": only those not yet healed are ruled out
        return {}
    if re.search(
        r"\bunless (?:the |all |any )?(?:patients? (?:is|are|has|have) )?(?:(?:acute )?"
        r"(?:side[- ]effects?|toxicit\w*|adverse (?:events?|effects?))[^;]{0,60}?\b"
        r"(?:are |is |have been |has been )?(?:resolved|recovered)|"
        r"(?:fully |completely )?recovered|healed|"
        # "... in the last 21 days, unless full recovery from side effects has occurred"
        r"(?:a )?(?:full|complete) recovery\b[^;]{0,60}?\b(?:has |have )?"
        r"(?:occurred|been achieved))\b",
        clause,
    ):
        # "more than 4 weeks since major surgery unless fully recovered", "3 weeks since
        # radiotherapy (unless its acute side effects are resolved)": waived once recovered
        return {}
    if re.match(
        r"\W*(?:(?:patients? )?(?:with (?:an )?)?inability|(?:patients? (?:who are )?)?(?:unable|"
        r"unwilling|not able)) to (?:discontinue|interrupt|stop|withhold|hold)\b",
        clause,
    ) or re.search(
        # "unable or unwilling to interrupt NSAIDs 5 days prior to ... pemetrexed", "those taking
        # NSAIDs who are unable to stop them for the 5 days before ...": the drug held is another
        r"\b(?:unable|unwilling|not able)(?: (?:or|and/or) (?:unable|unwilling|not able))? to "
        r"(?:discontinue|interrupt|stop|withhold|hold)\b[^;]{0,80}?\b(?:aspirin|nsaids?|"
        r"non-?steroidal|anti-?inflammator\w*|the agents?|them)\b",
        clause,
    ):
        return {}  # "inability to interrupt aspirin 2 days before ... the dose of pemetrexed"
    clause = _previous_window_in_parenthesis(clause)
    washouts: dict[str, Washout] = {}
    explicit: set[str] = set()
    # "Recent major surgery (within 4 weeks prior to enrolment)": the window is the words'.
    # Also "(last dose within 3 weeks of enrolment)", "(< 2 weeks before Day 1)", "(ie within
    # 21 days)".
    clause = re.sub(
        r"\(\s*(?:(?:ie|eg|i\.e\.|e\.g\.),?\s*)?(?:(?:the\s+)?last (?:dose|treatment|"
        r"administration)\s+)?((?:within|in the (?:last|past)|<=?|less than)\s*\d"
        # ("(<= 6 weeks for monoclonal antibodies)" is a class's own window, kept as such)
        r"(?![^()]*\bfor\b)[^()]*)\)",
        r" \1 ",
        clause,
    )
    flat = _without_parentheses(clause)
    previous_end = 0
    narrower: list[tuple[str, int, str]] = []
    lower_bound_since = False  # "at least 3 weeks from chemotherapy and 2 weeks from RT"
    for match in DURATION.finditer(flat):
        before, after = flat[: match.start()], flat[match.end() :]
        window = days(match.group(1), match.group(2))
        lead = flat[previous_end : match.start()]
        counted_from = False  # the treatments follow the window ("at least 4 weeks since A")
        if re.search(r"\bup to\s*$", before) and re.match(r"\s*of\b", after):
            continue  # "up to 3 months of ADT prior to day 1": a treatment's duration
        if re.search(
            r"\bexcept(?:ion)?(?: for| of)?\s*(?:<=|<|up to|no more than|less than|a maximum of)?"
            r"\s*$",
            before,
        ) and re.match(r"\s*of\b", after):
            continue  # "except for <= 14 days of tamoxifen": the length of a course allowed
        if _WITHIN.search(before) and re.match(r"\s*(?:after|following)\b", after):
            continue  # "within 6 months after the last dose of paclitaxel": a time to come
        if re.search(
            # ("7 days before (when possible) until 7 days after major surgery")
            r"\d\s*(?:days?|weeks?|months?)\s+(?:prior|before)\s+(?:\([^()]*\)\s*)?"
            r"(?:and|to|until)\s*$",
            before,
        ) and re.match(r"\s*(?:after|following)\b", after):
            continue  # "withheld for 2 weeks prior and 6 weeks after dasatinib": a hold around it
        if re.search(r"\b(?:no|not) (?:later|more) than\s*$", before) and re.match(
            r"\s*(?:after|following|from|since|post)\b", after
        ):
            continue  # "no later than 9 months after the start of ipilimumab": a maximum interval
        if previous_end:
            lead = _NEW_PREDICATE.split(lead)[-1]
        if ":" in lead and len(re.findall(r"[a-z]{3,}", lead.rsplit(":", 1)[1])) >= 2:
            # "... of the first dose: for nitrosoureas within 6 weeks", "the washout is as
            # follows: those who received intrathecal therapy ... >= 7 days": the words after
            # the colon name what this window is for.
            colon_label, lead = lead.rsplit(":", 1)
            if not categories(lead) and re.fullmatch(
                r"\W*(?:patients? )?(?:(?:must|should|may|can|did|has|have)\s+)?(?:not\s+)?"
                r"(?:have\s+)?(?:received|had|been given|been treated)(?: with)?(?: any| it| this)?"
                # ("... received myelosuppressive therapy within 3 weeks": words that name no
                # class of their own)
                r"(?:\s*(?:myelosuppressive |such )?(?:therapy|treatment|agents?|drugs?))?"
                r"\s*(?:within|in the (?:last|past|previous)|<=?|less than)?\s*",
                lead,
            ):
                # "Myelosuppressive chemotherapy: must not have received within 3 weeks": the
                # label names what the window is for
                lead = colon_label.rsplit(";", 1)[-1]
        chained = (
            lower_bound_since
            and re.search(r"(?:\band|,)\s*(?:at least\s*|>=\s*|a minimum of\s*)?$", before)
            # "... must have elapsed from a minor surgery, and at least 8 weeks for major surgery"
            and re.match(r"\s*(?:from|since|after|for)\b", after)
        )
        since_scope = re.split(r"\bprior to\b|\bbefore\b|\bwithin\b|;", after, maxsplit=1)[0]
        since_scope = DURATION.split(since_scope, maxsplit=1)[0]  # up to the next window
        # "... since major surgery and recovered from all side effects": recovery is no treatment
        since_scope = re.split(
            # (", and patients must have recovered": with or without the article)
            r",?\s+(?:and|with)\s+(?:(?:the )?(?:patients?|participants?|subjects?) )?"
            r"(?:has |have |must |should |be |is |are )*(?:fully |completely )?"
            r"(?:recover|resol)|"
            # "... from completion of the radiation therapy and all signs of toxicity must have
            # resolved": the recovery of something the treatment caused
            r",?\s+and\s+(?:all\s+|any\s+)?(?:[\w-]+\s+){0,4}?(?:toxicit\w*|side[- ]effects?|"
            r"adverse (?:events?|effects?))\s+(?:must|should|has|have|had|is|are)\s+(?:have\s+)?"
            r"(?:been\s+)?(?:fully\s+|completely\s+)?(?:recover|resol)|"
            # "... from the last dose of X and evidence of progression": another requirement
            r",?\s+and\s+(?:\w+\s+)?(?:evidence|documented|documentation|confirmed|confirmation|"
            r"demonstrated|demonstration)\b|"
            # "... since the last chemotherapy or the patient has not recovered": the other way
            # to be ruled out
            r",?\s+or\s+(?:the\s+)?(?:patients?|participants?|subjects?)?\s*(?:who\s+)?"
            r"(?:has|have|is|are)\s+not\b|"
            # "... since radiation was received, to assess for radiation toxicity": a purpose
            r",?\s+(?:in order )?to (?:assess|allow|evaluate|avoid|ensure|permit|monitor)\b",
            since_scope,
            maxsplit=1,
        )[0]
        # "... of antibody, and toxicity related to it ...", not "chemotherapy, and radiotherapy"
        head, *tail = re.split(r",\s*(?:and|but)\s", since_scope, maxsplit=1)
        if tail and not categories(" ".join(tail[0].split()[:4])):
            since_scope = head
        if chained:
            since_scope = re.sub(r"^\s*(?:from|since|after|for)\b", "", since_scope)
        else:
            since_scope = re.sub(_SINCE_TAIL, "", since_scope, count=1)
        if re.fullmatch(
            r"\s*(?:the\s+)?(?:last\s+|final\s+|most recent\s+)?(?:dose|infusion|administration|"
            r"treatment|therapy|course|cycle)?(?:\s+of\s+(?:the\s+|this\s+)?(?:agent|drug|therapy|"
            r"treatment|it|antibod(?:y|ies)))?\s*",
            since_scope,
        ):
            # "Myelosuppressive chemotherapy: >= 14 days after the last dose": the label's class
            label = re.search(r"([^:;]*):\s*(?:>=|>|at least|more than|a minimum of)?\s*$", lead)
            since_scope = label.group(1) if label else lead
        if chained or (
            _SINCE_TAIL.match(after)
            and (
                kind == "exclusion"
                or _LOWER_BOUND.search(before)
                or re.match(r"\s*must", after)
                # "recovered from prior therapy: 28 days from any investigational agent, 4 weeks
                # from prior cytotoxic therapy": the window opens the item, a time that has passed
                or re.search(r"(?:^|[:,])\s*(?:\d{1,2}[.)]\s*)?$", before)
            )
            # "major surgery within 28 days from the date of randomisation": the study's start
            and not (_WITHIN.search(before) and not categories(since_scope))
            # "within 8 weeks of receiving A" names A after the window only when no treatment
            # comes before it, nor a vaccine ("live vaccine within 30 days before the first dose
            # or within 30 days of receiving durvalumab": when the vaccine may be given)
            and not (
                re.match(r"\s*of\b", after) and (categories(lead) or re.search(r"\bvaccin", before))
            )
        ):
            scope = since_scope
            lower_bound_since = bool(chained or _LOWER_BOUND.search(before))
            counted_from = True
        elif (
            re.search(r"\bwash-?out\b", before)
            or _LOWER_BOUND.search(before)
            or (kind == "exclusion" and re.search(r"(?:<|less than)\s*$", before))
            # "unless 6 weeks have elapsed between completion of XRT and start of treatment":
            # the time that must have passed is a lower bound without the words
            or re.match(r"\s*(?:must |should )?(?:have |has )(?:elapsed|passed)\s+between\b", after)
        ) and (between := _BETWEEN.match(after) or _BETWEEN_START_FIRST.match(after)):
            # "a washout period of at least 21 days is required between the last chemotherapy
            # dose and randomization", "at least 28 days elapsed between surgery and registration"
            # ("at least 14 days between ibrutinib initiation and last cancer therapy": the
            # study's start named first)
            scope = re.sub(r"^(?:end|last|completion|the last dose) of\s+", "", between.group(1))
        elif re.search(r"\bwash-?out\b", before) and (
            for_what := re.match(
                r"\s*(?:for|of|from)\s+(?:the\s+)?(?:prior\s+|previous\s+)?", after
            )
        ):
            # "a washout period of 4 weeks for chemotherapy and 2 weeks for radiotherapy"
            scope = DURATION.split(after[for_what.end() :], maxsplit=1)[0]
            scope = re.split(r"\bprior to\b|\bbefore\b|;|,", scope, maxsplit=1)[0]
        elif _LOWER_BOUND.search(before) and re.match(
            r"\s*(?:must |should |will )?(?:have |has )?(?:elapsed|passed)\s+(?:before|prior to)\b|"
            # "Radiotherapy: at least 4 weeks must have elapsed and toxicities resolved prior to
            # enrolment"
            r"\s*(?:must |should |will )?(?:have |has )?(?:elapsed|passed)\s+and\b[^;]*?"
            r"\b(?:before|prior to)\b",
            after,
        ):
            scope = lead  # "for those given antibodies, at least 3 weeks must have elapsed before"
        elif (
            (
                kind == "inclusion"
                # "hormonal therapy must be discontinued at least 2 weeks before": a washout
                # in an exclusion too
                or re.search(
                    r"\b(?:must|should|to|will) (?:be|have been) (?:discontinued|stopped|completed|"
                    r"finished|ended)\s+(?:at least|>=|>|more than|a minimum of)\s*$|"
                    # "the patient must have completed all prior cancer treatments > 28 days
                    # prior to ...": a requirement in an exclusion line too
                    r"\b(?:must|should) have (?:completed|stopped|discontinued|finished|ended)\b"
                    r"[^.;:]{0,100}?(?:at least|>=|>|more than|a minimum of)\s*$|"
                    # "... the interval must be at least 28 days prior to the first dose"
                    r"\b(?:interval|wash-?out(?: period)?|time)\s+(?:must|should|shall)\s+be\s+"
                    r"(?:at least|>=|>|more than|a minimum of)\s*$|"
                    r"\b(?:must|should|need to|have to) wait(?: for)?"
                    r"(?: at least| a minimum of)?\s*$|"
                    # "the last dose of investigational therapy must be greater than 4 weeks
                    # from the first dose": a requirement in an exclusion line too
                    r"\b(?:must|should) be\s+(?:at least|>=|>|more than|greater than|longer than|"
                    r"a minimum of)\s*$",
                    before,
                )
            )
            and _BEFORE_TAIL.match(_HALF_LIFE_ALTERNATIVE.sub("", after, count=1))
            and (
                _LOWER_BOUND.search(before)
                or re.search(
                    r"\b(?:completed|stopped|discontinued|finished|ended|wait(?: for)?|ceased?|"
                    r"not (?:allowed|permitted)(?: for)?)\s*$",
                    before,
                )
            )
        ):
            if _ONGOING.search(lead) or (
                re.search(r"\bfor\s+(?:at least|>=|>|more than)\s*$", before)
                and not re.search(
                    r"\b(?:off|free of|without|abstain\w*|no|not (?:have been|be|been) on)\b", lead
                )
            ):
                continue  # "GnRH agonist started at least 4 weeks before": a therapy to be on
            scope = lead  # "completed chemotherapy at least 1 month prior to enrolment"
        elif (
            kind == "inclusion"
            and re.search(
                r"\b(?:was|were|is|are|has been|have been|had been)\s+(?:over|more than|at least|"
                r"greater than|longer than|>=|>)\s*$",
                before,
            )
            and re.match(r"\s*(?:ago\b|$|[,;.]|and\b)", after)
        ):
            scope = lead  # "Prior anti-tumour treatment (...) was over 4 weeks": the window is past
        elif since := re.search(
            r"\btime (?:since|from) (?:the )?(.*?)\s*(?:is\s+)?(?:>=|>|at least|of at least)\s*$",
            before,
        ):
            scope = since.group(1)  # "time since last anticancer therapy >= 21 days"
        elif kind == "exclusion" and (
            since := re.search(
                r"\btime (?:since|from) (?:the )?(.*?)\s*(?:is\s+)?(?:<=|<|less than|shorter than)"
                r"\s*$",
                before,
            )
        ):
            scope = since.group(1)  # "the time from the last investigational dose is < 28 days"
        elif (heading := re.search(r"\bwash-?out(?: periods?)?\s*(?:of|:|-)?", before)) and not (
            re.match(r"\s*(?:for|of|from)\b", after)
        ):
            # "wash-out period: chemotherapy 3 weeks, radiotherapy 2 weeks"
            scope = flat[max(previous_end, heading.end()) : match.start()]
            head = flat[previous_end : heading.start()]
            label = re.search(r"([^:;]*):\s*$", head)
            if not categories(scope) and label:
                # "Cytotoxic chemotherapy: washout period 3 weeks before ...": the label's class
                scope = label[1]
            elif not categories(scope) and ":" not in flat[heading.start() : match.start()]:
                # "prior systemic therapy with a washout period of >= 14 days" (not a heading
                # whose colon opens windows of their own per class)
                scope = head
        elif kind == "exclusion" and (
            _WITHIN.search(before)
            or _BEFORE_TAIL.match(_HALF_LIFE_ALTERNATIVE.sub("", after, count=1))
            or (
                re.search(r"(?<!\bfor )(?:<=|<|less than)\s*$", before)
                # "<= 28 days from Cycle 1 Day 1", a bare "Major surgery <= 4 weeks"
                and re.match(r"\s*(?:from\b|$|[,;.)]|(?:and|or)\b)", after)
            )
        ):
            if _LOWER_BOUND.search(before) and not _WITHIN.search(before):
                continue  # "more than 4 weeks before": the reverse sense
            scope = re.sub(
                r"(?:within|in the (?:last|past|previous))\s*[^,;]*$|\b(?:in|during) the\s*$",
                "",
                lead,
            )
            unread = list(DURATION.finditer(scope))
            if unread and categories(scope[unread[-1].end() :]):
                # "Major surgery with 28 days or minor surgery within 14 days": the treatments
                # before a window left unread are that window's, not this one's
                scope = scope[unread[-1].end() :]
            if not categories(scope) and re.search(r"\brecent\s*$", scope):
                # "current or recent (within 30 days of dosing) treatment with another
                # investigational drug": the treatment follows the window (and its parenthesis,
                # whose "Cycle 1 Day 1" is no window)
                closed = re.match(r"[^()]*\)(.*)$", after)
                scope = DURATION.split(closed[1] if closed else after, maxsplit=1)[0]
            elif not categories(scope) and (using := re.match(r"\s*(?:with|using)\s+(.*)$", after)):
                scope = using.group(
                    1
                )  # "prior treatment within 4 weeks with any anticancer therapy"
            elif (
                not categories(scope)
                and (
                    middle := re.match(
                        r"\s*(?:immediately\s+)?(?:prior to|before|of)\b[^,;]*,\s*"
                        r"((?:in|with|on)\s+)?(.*)$",
                        after,
                    )
                )
                and (
                    middle[1]
                    # ("has undergone within 28 days before the first dose, any cancer therapy"):
                    # the receipt's verb just before the window
                    or re.search(r"\b(?:received|undergone|had|taken|been given)\s*$", scope)
                )
            ):
                scope = middle[2]  # "has taken part within 4 weeks before day 1, in another trial"
            elif not categories(scope) and re.fullmatch(
                # ("In the 4 weeks prior to the first dose, participants had used ...")
                r"\W*(?:(?:has|have|had|was|were|is|are)\s+)?(?:within|in the (?:last|past|"
                r"previous)|(?:in|during) the)\s*(?:the\s+)?(?:last\s+|past\s+|previous\s+)?",
                before,
            ):
                scope = _after_opening_window(after)
        else:
            continue
        previous_end = match.end()
        # "Major surgery, other than diagnostic surgery, within 4 weeks": the exception's words
        # say nothing about the treatment ruled out.
        lead_core, scope_core = _split_exception(lead)[0], _split_exception(scope)[0]
        if counted_from and ":" in lead_core and categories(scope_core):
            # "... with respect to prior cancer therapy and stem cell transplants: Myelosuppressive
            # chemotherapy: at least 3 weeks since chemotherapy": the heading before the label
            # says nothing about this window
            lead_core = lead_core.rsplit(":", 1)[1]
        if _NOT_A_WASHOUT.search(
            # ("any systemic therapy for recurrent disease within 3 weeks": the setting the
            # therapy was for, no relapse window)
            _SETTING.sub(r"\1", _without_steroid_items(f"{lead_core} {scope_core}"))
        ):
            continue
        if re.match(r"\s*without (?:\w+ ){0,3}?progression\b", after):
            continue  # "a monoclonal antibody within 3 months without evidence of progression":
            # a rule about response to that treatment, binding only those who did not progress
        if (
            re.search(r"\b(?:for|through|until|up to)\s*$", before)
            and not re.search(r"\boff\b", lead)
            and _AFTER_THE_LAST_DOSE.match(after)
        ):
            continue  # "... for 180 days after the last dose of gemcitabine": a time to come
        if re.match(
            r"[^;]{0,80}?,?\s*with (?:(?:strong|moderate|potent|weak) )?(?:or \w+ )?"
            r"(?:inhibitors?|inducers?|substrates?)\b",
            DURATION.split(after, maxsplit=1)[0],
        ):
            continue  # "systemic treatment within 14 days with strong CYP3A inhibitors": a drug
            # interaction's window, no cancer washout
        if (
            # ("must have recovered from toxicities and be >= 28 days from immunotherapy": the
            # recovery is a requirement of its own)
            _HARM.search(" ".join(_AFTER_RECOVERY.sub("", lead_core).split()[-8:]))
            or _HARM.search(" ".join(scope_core.split()[-8:]))
            # "Any toxicity related to prior systemic therapy must have recovered ... at least 4
            # weeks before": the subject is the harm
            or _HARM.search(
                " ".join(
                    re.split(r"[,;]\s*or\s", _AFTER_RECOVERY.sub("", lead_core))[-1].split()[:3]
                )
            )
        ):
            continue
        if re.search(
            r"\b(?:planned|scheduled|anticipated|expected)\s+(?:\w+\s+){0,2}(?:within|in the "
            r"next)\s*$",
            before,
        ):
            continue  # "... and those for whom radiation therapy is planned within 6 months"
        if _TO_COME.search(lead) and (
            (
                not re.search(
                    r"\b(?:received|had|undergone|underwent|used|taken|prior|previous|history)\b",
                    lead,
                )
                # ("planned systemic anti-tumour therapy within 4 weeks before grouping or during
                # the study": a window counted back from the study's start is past treatment)
                and not (
                    _WITHIN.search(before)
                    and re.match(
                        r"\s*(?:before|prior to)\s+(?:the\s+)?(?:grouping|randomi[sz]ation|"
                        r"enrol\w*|registration|first (?:dose|administration))\b",
                        after,
                    )
                )
            )
            or re.search(r"\bwould (?:otherwise )?(?:have )?(?:undergone|received|had)\b", lead)
        ):
            continue  # "scheduled for surgery within 4 weeks", not "received or will receive"
        if _OTHER_ANCHOR.match(after):
            continue
        if re.search(r"\b(?:progress\w*|relaps\w*|recurr\w*)\b", _SETTING.sub(r"\1", before)):
            continue  # "progression > 4 weeks since the last flutamide and > 6 weeks since ..."
        scope, exception = _split_exception(_START_OF.sub(" ", scope))
        if re.search(r"\b(?:completed|finished|stopped|discontinued|ended)\s*$", exception):
            # "No prior chemotherapy except before or after surgery, which was completed 6 months
            # before enrolment": the window admits the exception, it rules nothing out
            continue
        if not exception:
            # "Major surgery within 28 days, except biopsies": the exception follows the window.
            # "Cycle 1 Day 1" is a date, not a window that ends the exception's words.
            dated = re.sub(r"\bcycle \d+,? day \d+\b", "cycle-day", after)
            _, exception = _split_exception(DURATION.split(dated, maxsplit=1)[0])
            if re.search(r"\bfollowing\b", exception):
                # "except in the following situations: nitrosoureas within 6 weeks": the
                # situations carry their own windows.
                _, exception = _split_exception(dated)
        if anytime := re.search(r"\bat any time\b", scope):
            # "prior chemotherapy at any time, and radiation within 4 weeks": the classes before
            # "at any time" are ruled out outright, the window is for those after it
            scope = scope[anytime.end() :]
        named = categories(scope)
        if (
            exception
            and BROAD_ANTICANCER.search(scope)
            and not DURATION.search(exception)
            # "(exceptions: small-molecule therapy completed > 10 days before)": a window of
            # its own follows
            and not re.search(r"(?:[<>=]|\bwithin|\bat least|\bthan)\s*$", exception)
        ):
            # "any cancer therapy, with the exception of PD-1 therapy or chemotherapy, within 6
            # weeks": the classes the exception names (not a broad term in it) have no window;
            # a drug named on its own ("with the exception of hydroxyurea") leaves its class's
            # window, the drug an exception of it
            excepted = class_word_categories(_without_parentheses(exception))
            named = [category for category in named if category not in excepted]
        generic = re.fullmatch(
            r"\W*(?:the\s+)?(?:(?:last|any|all|most recent)\s+)?(?:(?:prior|previous)\s+)?"
            r"(?:therap(?:y|ies)|treatments?)\W*",
            scope,
        )
        if (named or generic) and not exception:
            # "Anti-tumour therapy (chemotherapy, ..., radiotherapy) within 4 weeks", "... within
            # 4 weeks before the first dose, including chemotherapy, radiotherapy, ...", and a
            # bare "therapy" with its items ("at least 4 weeks since last prior therapy
            # (including surgery, chemotherapy)").
            for words in _explanations(clause, match.group(0), after, since=counted_from):
                # "Biologic (anti-neoplastic agent)": a broad term in the parenthesis only says
                # what the class is; the classes it names one by one are added.
                defines = not re.search(r"\b(?:or|and|other|any|all)\b", words)
                listed_words = BROAD_ANTICANCER.sub(" ", words) if defines else words
                named += [c for c in categories(listed_words) if c not in named]
        if "investigational" in named and re.search(r"clinical (?:study|trial)|participat", scope):
            named = _in_a_trial(scope)  # "a study with an investigational drug, biologic, ..."
        if "biologic" in named and re.search(
            r"\binvestigational (?:drugs?|agents?|products?|medications?)\s*(?:,|/|or\b|and\b)\s*"
            # ("an investigational drug/device/biologic")
            r"(?:(?:or |and )?devices?\s*(?:,|/|or\b|and\b)\s*)?"
            r"(?:or |and )?biologics?\b(?!\s+(?:therap\w*|agents?|treatments?))",
            scope,
        ):
            named.remove("biologic")  # "investigational drugs, biologics, or devices"
        if kind == "inclusion" and (
            re.search(r"brain|\bcns\b|intracranial|leptomening", _beside_the_brain(clause))
            or _BRAIN_METASTASES.search(clause)
        ):
            named = []  # a stability window for treated brain metastases
        if _BRAIN_METASTASES.search(f"{lead} {scope}") and set(named) <= _LOCAL:
            continue  # "brain metastases treated with radiotherapy less than 4 weeks before"
        if _NARROW_GROUP.search(scope) or (named == ["radiotherapy"] and _WIDE_FIELD.search(scope)):
            # "... or 6 weeks since nitrosoureas or antibody-drug conjugates": a narrower group
            narrower += [(category, window, scope.strip(" ,;")) for category in named]
            continue
        # A class named by its own words ("small molecule targeted drugs within 14 days") has
        # its own window; the one a broad term gives ("other anti-tumour therapy within 21
        # days") neither replaces nor lengthens it.
        if window >= _RECENCY_DAYS and re.search(
            r"\b(?:neo-?)?adjuvant\b|\bnon-?metastatic\b|\bperi-?operative\b|\bcurative\b",
            f"{lead} {scope}",
        ):
            # "adjuvant immunotherapy within 6 months", "platinum chemotherapy in the
            # non-metastatic setting within 12 months": a relapse-free interval after an earlier
            # setting's treatment, not a washout
            named = [category for category in named if category not in _SYSTEMIC_CLASSES]
        if window >= _RECENCY_DAYS and _EARLIER_SETTING.search(clause):
            # "treatment-free for at least 6 months since last chemo/radiotherapy, among those
            # treated with curative intent": an earlier setting's local treatment too
            named = [
                category
                for category in named
                if category not in _LOCAL and category not in _SYSTEMIC_CLASSES
            ]
        by_name = set(categories(BROAD_ANTICANCER.sub(" ", scope)))
        for category in named:
            current = washouts.get(category)
            if (
                category in BROAD
                and current is not None
                and (category in by_name) != (category in explicit)
            ):
                if category in by_name:
                    washouts[category] = Washout(window, current.exceptions)
            elif current is None or window > current.days:
                washouts[category] = Washout(window, current.exceptions if current else [])
            if exception:
                washouts[category].exceptions.append(exception)
            if category in by_name:
                explicit.add(category)
    read_before = set(washouts)
    for category, window, words in narrower:
        if category not in washouts:
            if (
                category in BROAD
                and category not in class_word_categories(words)
                and any(other in read_before for other, _, same in narrower if same == words)
            ):
                # "in the 14 days before with any cancer therapy (chemotherapy, ...) or with
                # mitomycin within 6 weeks": a systemic class only the broad term before the
                # narrow group named gets no window from the group's
                continue
            washouts[category] = Washout(window)
        elif window != washouts[category].days:
            washouts[category].exceptions.append(_words(f"{words}: {window} days"))
    if not washouts:
        # "Immunomodulatory agents within 14 days (immunostimulatory agents within 4 weeks)":
        # the words outside name no class, a class in the parenthesis keeps its own window.
        own: dict[str, Washout] = {}
        for what, window, words in _per_class(clause):
            if (
                len(DURATION.findall(words)) != 1
                # "(immunostimulatory agents within 4 weeks)", "(not less than 28 days for
                # major surgery and 14 days for minor surgery)"
                or not re.search(
                    r"(?:\bwithin|\b(?:not|no) less than|\bat least|>=|\ba minimum of)\s*"
                    + DURATION.pattern
                    + r"|^(?:and\s+)?"
                    + DURATION.pattern
                    + r"\s+for\b",
                    words,
                )
                or _NOT_A_WASHOUT.search(words)
                or _PERMISSION.search(words)
            ):
                continue
            for category in categories(what):
                if category not in own or window > own[category].days:
                    own[category] = Washout(window)
        return own
    for inside in re.findall(r"\(((?:[^()]|\([^()]*\))*)\)", clause):
        # "Radiotherapy within 4 weeks (except palliative radiotherapy to bone)"; a bracket
        # inside ("excluding anti-PD(L)1 antibodies") stays part of it
        opening = re.sub(r"^with (?:the |some |certain )?(?=exception)", "", inside.strip())
        if _EXCEPTION.match(opening) and not DURATION.search(inside):
            for washout in washouts.values():
                washout.exceptions.append(inside.strip(" ,;"))
    # "immunotherapy within 4 weeks (6 weeks for anti-CTLA-4 antibodies)": a longer window for
    # part of a class the words outside name by its own name is that class's exception
    outside = set(categories(BROAD_ANTICANCER.sub(" ", _without_parentheses(clause))))
    for what, window, words in _per_class(clause):
        named = categories(what)
        for category in named or list(washouts):
            current = washouts.get(category)
            if current is None:
                washouts[category] = Washout(window)
            elif (
                window > current.days
                and named
                # ("(30 days for prior bevacizumab)": one drug of the class is its exception)
                and category in class_word_categories(re.sub(_HORMONAL_DRUGS[1:], " ", what))
                and (category not in outside or re.search(_CLASS_NOUN[category], what))
                # "radiotherapy within 2 weeks (4 weeks for brain radiotherapy)": a longer
                # window for one site or a wide field is the general window's exception
                and not (
                    category in _LOCAL and (_WIDE_FIELD.search(what) or _ONE_SITE.search(what))
                )
            ):
                current.days = window  # "(8 weeks for immune checkpoint inhibitors)"
            elif window != current.days:
                current.exceptions.append(words)  # "(6 weeks for nitrosoureas)"
    if re.search(
        r"whichever (?:is|was|being) (?:the )?(?:shorter|shortest|less|lesser|sooner)|whichever "
        r"(?:occurs|comes|is) (?:first|earlier)|"
        # "within the shorter of 3 half-lives or 6 weeks"
        r"\bthe (?:shorter|lesser) of\b",
        clause,
    ):
        for washout in washouts.values():
            washout.bound = "at_most"
    elif re.search(
        r"whichever (?:is|being) (?:the )?(?:longer|longest|greater|more)|"
        r"whichever (?:occurs|comes|is) (?:last|later)|\bthe (?:longer|greater) of\b",
        clause,
    ):
        for washout in washouts.values():
            washout.exceptions.append("or 5 half-lives if longer")
    return washouts


# Line-level readings ---------------------------------------------------------------------------

# "Prior experimental therapy within 21 days or 5 half-lives, whichever is shorter": a window
# with half-lives is always a washout, even in a line filed under the inclusion heading.
_HALF_LIFE_WINDOW = re.compile(
    r"\bwithin\b[^.;]{0,60}\bhalf-?lives\b|\bhalf-?lives\b[^.;]{0,40}\bwhichever\b"
)
_INCLUSION_SENSE = re.compile(r"\b(?:at least|since|elapsed|must|should|no|not|without)\b")


# "Patients who received chemotherapy within 4 weeks are not eligible" under inclusion.
_RULED_OUT = re.compile(
    r"\b(?:is|are|will be|shall be|must be|should be) (?:not eligible|ineligible|excluded)\b|"
    r"\bwill not be (?:eligible|enrolled|included)\b"
)


# "Patients must have recovered from a major surgery at least 14 days prior to enrolment" among
# the exclusions: a requirement, as it would be among the inclusions.
_REQUIRED_AMONG_EXCLUSIONS = re.compile(
    r"^\W*(?:the )?(?:patients?|participants?|subjects?) (?:must|should) have (?:fully )?"
    r"recovered from (?:a |the |any )?[^;,]{0,60}? (?:at least|>=|more than|a minimum of) "
    r"\d+(?:\.\d+)?\s*(?:days?|weeks?|months?) (?:prior to|before)\b"
)


# "Patients must not have received chemotherapy within 3 weeks of enrolment" under inclusion:
# who is ruled out, as an exclusion says it.
_NOT_RECEIVED_WITHIN = re.compile(
    r"\b(?:must|should|shall|may) not have (?:received|had|been given)\b"
    r"(?:(?!\b(?:at least|since|elapsed|more than|unless|except|and)\b)"
    # ("must not have received chemotherapy, growth factors, or investigational agents within
    # 28 days": "or" between the items of a list)
    r"(?!\bor\b(?!\s+(?:\w+\s+){0,2}(?:agents?|therap\w*|drugs?|treatments?|radiotherapy|"
    r"radiation|surgery)\b))[^;.])*?"
    r"\bwithin (?:the (?:previous|past|last|prior) )?\d+(?:\.\d+)? (?:days?|weeks?|months?)\b"
)


def sense(kind: str, text: str) -> str:
    """The kind to read a normalised line's (or clause's) windows in: an inclusion whose window
    has a half-life alternative and that requires nothing, or that says who is ruled out,
    states an exclusion; an exclusion that requires recovery long enough before the start
    states an inclusion."""
    if kind != "inclusion":
        return "inclusion" if _REQUIRED_AMONG_EXCLUSIONS.match(text) else kind
    if _RULED_OUT.search(text) and not _PERMISSION.search(_RULED_OUT.sub(" ", text)):
        return "exclusion"
    if _HALF_LIFE_WINDOW.search(text) and not _INCLUSION_SENSE.search(text):
        return "exclusion"
    if _NOT_RECEIVED_WITHIN.search(_without_parentheses(text)):
        return "exclusion"
    return kind


_LEAD_IN = re.compile(
    r"^(?P<lead>[^:]{0,200}?\b(?:following|follows|these|below)\b[^:]{0,120}|"
    # "At least 3 weeks since prior treatment with: chemotherapy (...); monoclonal antibodies;
    # any experimental therapy"
    r"[^:]{0,80}?\bsince (?:the )?(?:last |prior |previous |any )*(?:treatment|therapy|therapies) "
    r"(?:with|of)):\s*(?P<items>.+)$"
)
_ITEM_BREAK = re.compile(r";\s*|\.\s+|\s(?=(?:[a-h]|[ivx]{1,4}|\d{1,2})[.)]\s)")


def listed(kind: str, line: str) -> list[str]:
    """A lead-in and its items joined in one line ("Any of the following within 28 days before
    the first dose: chemotherapy; major surgery", "... within the following windows:
    chemotherapy: 3 weeks; radiotherapy - 2 weeks"), as one exclusion clause per item ("major
    surgery within 28 days"). An item's own window wins over the lead-in's."""
    match = _LEAD_IN.match(line)
    if match is None or _NOT_A_WASHOUT.search(match["lead"]):
        return []
    lead, items = match["lead"], match["items"]
    if (
        _PERMISSION.search(_without_parentheses(lead))
        or _TO_COME.search(lead)
        or _EXCEPTION.search(lead)
    ):
        return []  # the items are permissions, plans or exceptions
    if kind == "inclusion" and not re.search(r"\b(?:since|elapsed|wash-?out|at least)\b", lead):
        return []  # "must have received the following within 6 months": a recency requirement
    windows = DURATION.findall(lead)
    if len(windows) > 1:
        return []
    if not windows and not re.search(r"\b(?:within|prior to|before|since|wash-?out)\b", lead):
        return []
    lead_window = " ".join(windows[0]) if windows else None
    items = re.sub(r"\b(e\.\s?g|i\.\s?e|etc|vs)\.", lambda m: re.sub(r"[.\s]", "", m[1]), items)
    parts = [item.strip(" .,") for item in _ITEM_BREAK.split(items) if item.strip(" .,")]
    if any(_NOT_A_WASHOUT.search(part) for part in parts):
        # "...: chemotherapy; high doses of corticosteroids; growth factors": the other items
        parts = [part for part in parts if not _NOT_A_WASHOUT.search(part)]
        if not parts:
            return []
    framed = categories(lead) or re.search(
        r"\b(?:therap\w*|treat\w*|drugs?|agents?|medications?|receiv\w*|procedures?)\b", lead
    )
    if lead_window is not None and not framed and not all(categories(part) for part in parts):
        return []  # "any of the following in the past 6 months: infection; surgery": events
    clauses: list[str] = []
    for item in parts:
        if DURATION.search(item) and not DURATION.search(_without_parentheses(item)):
            # "chemotherapy (at least 6 weeks for nitrosoureas)": the parenthesis is the
            # item's exception, the lead's window its own
            if lead_window is not None:
                clauses.append(f"{_without_parentheses(item)} within {lead_window} ({item})")
            continue
        if own := DURATION.search(item):
            rest = ""
            what = re.sub(
                r"\s*(?::|,|-|\bfor\b|\bwithin\b|\bof\b|<=?|>=?|\bat least\b)\s*$",
                "",
                item[: own.start()].strip(),
            )
            if not what:  # "3 weeks for chemotherapy"
                what = re.sub(r"^\s*(?:for|from|since|after)\s+", "", item[own.end() :])
            if (
                not categories(what)
                and categories(lead)
                and len(parts) == 1
                and len(re.findall(r"[a-z]{3,}", item[: own.start()])) <= 1
            ):
                # "an investigational product within the following time frame: 30 days, 5
                # half-lives or twice its biological effect, whichever is longer"
                what, rest = lead, item[own.end() :]
            clauses.append(f"{what} within {own.group(1)} {own.group(2)}{rest}")
        elif lead_window is not None:
            clauses.append(f"{item} within {lead_window}")
    return clauses


_LISTS_CLASSES = re.compile(r"\b(?:including|such as|e\.?g\.?,?|for example|namely)\s+(.+)$")


def named_in_passing(clause: str) -> list[str]:
    """Classes a windowless clause lists under a broad term ("Concurrent treatment with any
    anticancer agent including chemotherapy, hormonal therapy or radiation therapy"): a later
    window for "previous cancer therapies" in the same line covers them too."""
    if DURATION.search(clause) or not BROAD_ANTICANCER.search(clause):
        return []
    listed_words = _LISTS_CLASSES.search(clause)
    if listed_words is None or _NOT_AN_EXPLANATION.search(listed_words[1]):
        return []
    return [c for c in categories(listed_words[1]) if c not in BROAD]


# "Eligible patients must be asymptomatic, off steroids, and enrolled at least 1 month after
# the end of radiotherapy" in a brain-metastases line: the conditions on those metastases, the
# treatment theirs.
_BRAIN_STABILITY = re.compile(
    r"\b(?:asymptomatic|neurologically stable|(?:off|receiving|on|requir\w*|need\w*) (?:any )?"
    r"(?:\w+ )?(?:cortico)?steroids)\b"
)
# Brain radiotherapy or surgery in a line about brain metastases: part of the CNS rule.
_BRAIN_TREATMENT = re.compile(
    r"\bbrain\b|\bcranial\b|\bintracranial\b|radiosurgery|\bsrs\b|\bwbrt\b|\bcns\b|"
    r"\blocal therap\w*"
)


# Radiotherapy to a wide field ("TBI", "craniospinal", ">= 50% of the pelvis", "substantial bone
# marrow radiation") often has a longer window of its own next to the general one.
_WIDE_FIELD = re.compile(
    r"\btbi\b|total[- ]body|craniospinal|hemi-?body|whole[- ]abdom\w*|wide[- ]field|"
    r"extended[- ]field|whole[- ]brain|substantial (?:bm |bone marrow )?radiation|"
    r"(?:>=?|more than|greater than)\s*\d+\s*% (?:of )?(?:the )?(?:pelvis|bone marrow|marrow)|"
    # ">= 25% of the hematopoietically active bone marrow", "> 30% of marrow-bearing bone"
    r"(?:>=?|more than|greater than)\s*\d+\s*% (?:of )?(?:the )?(?:ha?ematopoietic\w* )?"
    r"(?:active )?(?:bone marrow|marrow(?:[- ]bearing (?:bones?|areas?))?)|"
    # "> 30% bone marrow or extensive radiation within 28 days"
    r"\bextensive (?:field )?(?:radiation|radiotherap\w*|irradiation)"
)


# Radiotherapy or surgery to one site ("brain radiotherapy", "(6 weeks for thoracic
# irradiation)"): narrower than the class's general window.
_ONE_SITE = re.compile(
    r"\b(?:brain|cranial|intracranial|cns|spine|spinal|chest|thoracic|lungs?|liver|hepatic|"
    r"bones?|pelvi\w*|abdom\w*|head|neck|target lesions?)\b|radiosurgery|\bsrs\b|\bwbrt\b"
)


# A radiotherapy window for a wide field or for radionuclides alone (radium-223, strontium-89),
# on a line of its own next to the general one (`extraction.py`).
NARROW_RADIOTHERAPY = re.compile(
    _WIDE_FIELD.pattern
    + r"|radiopharmaceutical\w*|radioligand\w*|radionuclide\w*|radio-?isotopes?|radium|"
    r"strontium|samarium|rhenium|lutetium|\b177 ?lu\b|radio-?iodine|\bi-?131\b|"
    # "Systemic radiotherapy (Sm-153, Sr-89) within 56 days"
    r"\b(?:sm-?153|sr-?89|ra-?223|lu-?177)\b|\bsystemic (?:radiotherap\w*|radiation)"
)


def _words(text: str, most: int = 300) -> str:
    """A clause kept as an exception in words, within the length a criterion allows."""
    text = text.strip(" .,;")
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0].rstrip(" ,;")


def _names_a_narrow_group(text: str) -> bool:
    """A narrower group ("nitrosoureas"), or drugs named one by one and no class ("prior
    cisplatin and/or pemetrexed is allowed, but at least 3 months must have passed")."""
    words = _split_exception(_without_parentheses(text))[0]
    if _NARROW_GROUP.search(words):
        return True
    return bool(
        _SINGLE_DRUG.search(words)
        and not BROAD_ANTICANCER.search(words)
        and not class_word_categories(words)
    )


def _narrow_groups_as_exceptions(texts: list[str], readings: list[dict[str, Washout]]) -> None:
    """ "Systemic therapy within 3 weeks; ADCs or nitrosoureas within 6 weeks": the narrower
    group's longer window is an exception of the general one of its class."""
    general: dict[str, Washout] = {}
    narrow = [_names_a_narrow_group(text) for text in texts]
    for is_narrow, reading in zip(narrow, readings, strict=True):
        if not is_narrow:
            for category, washout in reading.items():
                general.setdefault(category, washout)
    for text, is_narrow, reading in zip(texts, narrow, readings, strict=True):
        if not is_narrow:
            continue
        for category in list(reading):
            if category in general and reading[category].days > general[category].days:
                general[category].exceptions.append(_words(text))
                del reading[category]


def _drugs_as_exceptions(texts: list[str], readings: list[dict[str, Washout]]) -> None:
    """ "4 weeks from last cancer therapy (2 weeks from previous biological therapy; 8 weeks
    from previous bevacizumab)": a window for one drug of a class, beside the window the line
    gives the class by its own words, is that window's exception."""
    by_words: dict[str, Washout] = {}
    drug_only: list[set[str]] = []
    for text, reading in zip(texts, readings, strict=True):
        core = _split_exception(text)[0]
        own = set(class_word_categories(re.sub(_HORMONAL_DRUGS[1:], " ", core)))
        named = set(categories(BROAD_ANTICANCER.sub(" ", core)))
        drug_only.append({category for category in reading if category in named - own})
        for category in reading:
            if category in own:
                by_words.setdefault(category, reading[category])
    for text, reading, drugs in zip(texts, readings, drug_only, strict=True):
        for category in drugs:
            general = by_words.get(category)
            if general is None or general is reading[category]:
                continue
            if reading[category].days != general.days:
                general.exceptions.append(_words(text))
            del reading[category]


# Longer than the six weeks of the slowest-clearing drugs (nitrosoureas, mitomycin).
_DRUG_EXPOSURE_DAYS = 42


def _recent_exposure_to_drugs_left_out(
    texts: list[str], readings: list[dict[str, Washout]]
) -> None:
    """ "Prior gemcitabine within 6 months", "docetaxel or nintedanib within 8 weeks": months
    since one or a few drugs named alone, and no class, rule out recent exposure to those drugs;
    they are no washout of the drugs' class (a window of six weeks or less is one)."""
    for text, reading in zip(texts, readings, strict=True):
        core = _split_exception(text)[0]
        if BROAD_ANTICANCER.search(core):
            continue
        own = set(class_word_categories(re.sub(_HORMONAL_DRUGS[1:], " ", core)))
        named = set(categories(core))
        for category in [
            category
            for category, washout in reading.items()
            if category in BROAD and category in named - own and washout.days > _DRUG_EXPOSURE_DAYS
        ]:
            del reading[category]


# A sentence about drugs that interact with the study drug ("strong (e.g. phenobarbital,
# enzalutamide) or moderate CYP3A inducers").
_INTERACTION_SENTENCE = re.compile(
    r"[^.;]*\b(?:cyp\s*\w*|cytochrome p-?450)[^.;]*?\b(?:inhibitors?|inducers?)\b[^.;]*"
)
_CLASS_WORD = re.compile(
    r"therap|chemo|radi|surg|hormon|endocrin|biolog|antibod|inhibitor|inducer|agent|drug|"
    r"investigat|stud|trial|cytotoxic|immun|target|molecule"
)


def _interacting_drugs_left_out(
    line: str, texts: list[str], readings: list[dict[str, Washout]]
) -> None:
    """ "... strong (e.g. phenobarbital, enzalutamide) or moderate CYP3A inducers. The required
    washout before the study drug is 5 weeks for enzalutamide": a drug the line names as an
    interacting one gives its class no cancer washout."""
    drugs = {
        word
        for sentence in _INTERACTION_SENTENCE.findall(line)
        for word in re.findall(r"[a-z][a-z-]{3,}", sentence)
        if not _CLASS_WORD.search(word) and categories(word)
    }
    if not drugs:
        return
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(drugs))) + r")\b")
    for text, reading in zip(texts, readings, strict=True):
        if not pattern.search(text):
            continue
        left = set(categories(pattern.sub(" ", text)))
        for category in list(reading):
            if category not in left:
                del reading[category]


def _wide_fields_as_exceptions(clauses: list[str], readings: list[dict[str, Washout]]) -> None:
    """ "Local XRT 14 days; TBI or craniospinal XRT 150 days": the general window is the
    radiotherapy washout and the wide-field one an exception in words."""
    general = [
        reading["radiotherapy"]
        for clause, reading in zip(clauses, readings, strict=True)
        if "radiotherapy" in reading and not _WIDE_FIELD.search(clause)
    ]
    if not general:
        return
    for clause, reading in zip(clauses, readings, strict=True):
        if "radiotherapy" in reading and _WIDE_FIELD.search(clause):
            del reading["radiotherapy"]
            general[0].exceptions.append(_words(clause))


# "the nitrosourea or mitomycin treatment interval >= 6 weeks; other cytotoxic drugs, radiotherapy
# or surgery for >= 4 weeks": a line of intervals since each treatment, one item a clause.
_INTERVAL_LEAD = re.compile(
    r"\b(?:treatment|washout|wash-out) intervals?\b|"
    r"(?<!free )\bintervals?\s+(?:of\s+)?(?:>=\s*)?\d+\s*(?:days?|weeks?|months?)\b"
)
_INTERVAL_ITEM = re.compile(
    r"^\W*(?:accept(?:ed)?\s+)?(?P<what>[^;:]{3,120}?)\s+(?:(?:treatment\s+)?intervals?\s+)?"
    r"(?:for\s+)?(?:>=\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>days?|weeks?|months?)|"
    r"(?P<n2>\d+(?:\.\d+)?)\s*(?P<unit2>days?|weeks?|months?) or (?:more|longer))\W*$"
)


_SUBGROUP_LABEL = re.compile(
    # "ALL or AML subject has received anti-cancer therapy within 14 days" beside "CML, CLL or
    # MDS subjects ... within 28 days": each blood cancer's own window, none for everyone
    r"^\W*(?:cml|aml|all|cll|mds|mm|nhl|mcl|dlbcl)(?:\s*(?:,|/|\bor\b|\band\b|\band/or\b)\s*"
    r"(?:cml|aml|all|cll|mds|mm|nhl|mcl|dlbcl)\b)+\s+(?:subjects?|patients?|participants?)\b|"
    r"(?:^|:\s*)(?:for|in) (?:patients|participants|subjects) (?:with|who)\b[^:;.]{0,80}:|"
    r"^\W*(?:[a-z]+ ){0,2}(?:cohort|arm|group)(?: [a-z0-9]+)?\s*:|"
    # "Additional Exclusions for Cohort M6 (mCRPC) Only: ..."
    r"\bfor (?:cohort|arm|group|part|stratum) [a-z0-9-]+(?: \([^)]{1,40}\))? only\s*:"
)
# "Solid tumor patients: >= 21 days after ..." beside "Lymphoma patients: ...": one disease
# group's window, up to the next heading that is no group's ("Antibodies: >= 21 days ...")
_GROUP_PATIENTS_LABEL = re.compile(
    r"^\W*(?!(?:all|eligible|the|these|such)\b)(?:[a-z-]+ ){1,3}(?:patients|subjects|"
    r"participants)\s*:"
)
_HEADING = re.compile(r"^\W*[a-z][^:;.]{0,100}:\s*\S")


# A clause that gives a class its own window after a general one: "and/or 4 weeks for
# immunotherapy, before starting the trial drugs".
_FOR_A_CLASS = re.compile(
    r"^\W*(?:(?:and/or|and|or)\s+)?(?P<n>\d+(?:\.\d+)?)(?:\s*|-)(?P<unit>days?|weeks?|months?)\s+"
    r"for\s+(?P<what>[^,;.()]{3,80}?)(?P<rest>(?:,?\s+(?:before|prior to)\b.*)?)\W*$"
)


_EXCEPTION_LIST = re.compile(
    r"\b(?:except|excluding|with the (?:following )?exceptions?)\b[^.;]{0,30}\b(?:following|as "
    r"follows)\b[^.;]{0,30}:\s*\S|\bwith the following exceptions?\b"
)


# A sentence that excepts treatments from the window of the one before it.
_EXCEPTIONS_TO_THESE = re.compile(
    r"\W*(?:the )?exceptions? (?:to (?:these|this|that|the above|the (?:rule|window)) )?"
    r"(?:are|is|include)\b([^,;(]*)"
)


_EXCEPTIONS_HEADING = re.compile(r"\W*exceptions?\s*:")


_NONE_FOR_ADVANCED = re.compile(
    r"\bno (?:prior |previous )?(?:systemic )?(?:chemotherapy|therapy|treatment|anti-?cancer "
    r"therapy) (?:for|in the setting of) (?:the )?(?:advanced|metastatic|recurrent|stage iv)\b"
)


def read_line(kind: str, line: str, clauses: list[str]) -> dict[str, Washout]:
    """The washouts of one normalised line, split into its clauses: the longest per class, the
    exceptions of every window of that class kept."""
    permitted = re.search(
        # ("... except for the following, which are allowed: ...")
        r"\bthe following,? (?:exceptions? )?(?:(?:which|that) )?(?:are|is) (?:permitted|allowed|"
        r"acceptable)\W*:",
        line,
    )
    if permitted:
        # "Any prior therapy for metastatic disease (the following exceptions are permitted): up
        # to 6 cycles of docetaxel completed within 2 months of day 1": the items admit
        lead = line[: permitted.start()]
        return read_line(kind, lead, [lead])
    if not _RULED_OUT.search(line):
        kind = sense(kind, line)  # the half-life rule holds for the whole line
    kinds = [sense(kind, clause) for clause in clauses]
    for index in range(len(clauses) - 2, -1, -1):
        if kinds[index + 1] == "exclusion" and re.match(r"\W*(?:or|and)\b", clauses[index + 1]):
            kinds[index] = kinds[index + 1]  # "A within 2 weeks; or B within 4 weeks are excluded"
    readings = [
        read(clause_kind, clause) for clause_kind, clause in zip(kinds, clauses, strict=True)
    ]
    for index in range(1, len(clauses)):
        if (
            _EXCEPTIONS_HEADING.match(clauses[index])
            and readings[index - 1]
            and BROAD_ANTICANCER.search(clauses[index - 1])
        ):
            # "Prior anti-cancer therapy within 30 days. Exceptions: subjects who received
            # conventional chemotherapy are eligible if at least 14 days have elapsed": a class
            # the exceptions give a window of their own keeps that one only
            for later_reading in readings[index:]:
                for category in later_reading:
                    if category in BROAD:
                        readings[index - 1].pop(category, None)
        later = _EXCEPTIONS_TO_THESE.match(clauses[index])
        if later and readings[index - 1] and BROAD_ANTICANCER.search(clauses[index - 1]):
            # "Off all prior therapy for CML for 2 weeks. Exceptions to these are hydroxyurea and
            # TKIs, which should be stopped 48 hours before": the classes the next sentence
            # excepts by name leave the broad window (a drug named alone leaves its class's)
            excepted = class_word_categories(later[1])
            for category in excepted:
                readings[index - 1].pop(category, None)
    for index, clause in enumerate(clauses):
        if _GROUP_PATIENTS_LABEL.match(clause):
            readings[index] = {}
            for later_index in range(index + 1, len(clauses)):
                later_clause = clauses[later_index]
                if _HEADING.match(later_clause) and not _GROUP_PATIENTS_LABEL.match(later_clause):
                    break
                readings[later_index] = {}
    for index, clause in enumerate(clauses):
        if _SUBGROUP_LABEL.search(clause):
            # "For patients with parenchymal metastases: ... For patients with LMD: ...": from
            # the first subgroup's label on, the windows are the subgroups'.
            readings[index:] = [{} for _ in readings[index:]]
            break
    # "Patients with treated CNS metastases are eligible provided all of the following: ...;
    # minimum of 2 weeks between completion of radiotherapy and Cycle 1 Day 1": the lead-in
    # makes every local treatment under it part of the CNS rule.
    lead_in = _LEAD_IN.match(line)
    brain_lead = bool(lead_in and _BRAIN_METASTASES.search(lead_in["lead"])) or bool(
        # "Previous brain metastases are allowed if ...; radiation must be completed >= 14 days
        # before enrolment": a line that opens by admitting brain metastases
        clauses
        and _BRAIN_METASTASES.search(clauses[0])
        and re.search(r"\b(?:are|is) (?:allowed|permitted|eligible)\b", clauses[0])
    )
    if _BRAIN_METASTASES.search(_without_parentheses(line)):
        # "... A minimum of 2 weeks must have elapsed between the end of whole brain
        # radiotherapy and enrolment" in a brain-metastases line is a stability rule.
        readings = [
            {}
            if (
                brain_lead
                or _BRAIN_TREATMENT.search(_beside_the_brain(_without_parentheses(clause)))
            )
            # (a systemic class named only as an example of the local CNS treatment,
            # "other local CNS treatment (e.g. intrathecal chemotherapy)", is part of it)
            and set(categories(_without_parentheses(clause)) or reading) <= _LOCAL
            else {c: w for c, w in reading.items() if c not in _LOCAL}
            if _BRAIN_STABILITY.search(clause)
            else reading
            for clause, reading in zip(clauses, readings, strict=True)
        ]
    for index in range(1, len(clauses)):
        if (
            not readings[index]
            and BROAD_ANTICANCER.search(clauses[index - 1])
            and (
                last := re.match(
                    r"\W*(?:and |but )?(?:the )?(last|most recent) (?:treatment|therapy)\b",
                    clauses[index],
                )
            )
        ):
            # "Received at least one anti-cancer treatment (including ...). And the last
            # treatment must be at least four weeks before enrolment": the treatment the
            # sentence before named
            readings[index] = read(
                kinds[index],
                f"the {last[1]} anti-cancer treatment{clauses[index][last.end() :]}",
            )
    in_passing: list[str] = []
    for clause, reading in zip(clauses, readings, strict=True):
        if in_passing and all(category in reading for category in BROAD):
            # "... any anticancer agent including hormonal therapy. Must be 6 weeks post
            # dosing of previous cancer therapies": the listed classes share the window.
            window = reading[BROAD[0]]
            for category in in_passing:
                reading.setdefault(category, replace(window, exceptions=[*window.exceptions]))
        in_passing += named_in_passing(clause)
    for index in range(1, len(clauses)):
        washout_only = re.match(
            r"\W*(?:a |the )?wash-?out(?: period)?(?: of| is)?(?: at least| a minimum of)?\s*"
            + DURATION.pattern
            + r"\s*(?:since|after|from|before|prior)\b",
            clauses[index],
        ) or re.match(
            # "Prior radiation therapy is permitted provided ... A minimum of 21 days must have
            # elapsed unless the radiotherapy was palliative"
            r"\W*(?:a minimum of|at least)\s*"
            + DURATION.pattern
            + r"\s+(?:must|should|has to|have to)\s+(?:have\s+)?(?:elapsed|passed)"
            + r"\s*(?=$|unless\b)",
            clauses[index],
        )
        earlier = clauses[index - 1]
        if washout_only and not readings[index] and _PERMISSION.search(earlier):
            # "Prior immunotherapy is allowed; washout period of 14 days since the last dose"
            gap = days(washout_only.group(1), washout_only.group(2))
            rest = clauses[index][washout_only.end() :].strip()
            waived = _words(rest) if rest.startswith("unless") else ""
            readings[index] = {
                category: Washout(gap, exceptions=[waived] if waived else [])
                for category in categories(earlier)
            }
    for index in range(1, len(clauses)):
        own_window = _FOR_A_CLASS.match(clauses[index])
        if (
            own_window
            and not readings[index]
            and readings[index - 1]
            and kinds[index] == "exclusion"
            and categories(own_window["what"])
        ):
            # "... within 21 days; and/or 4 weeks for immunotherapy, before the first dose"
            readings[index] = read(
                "exclusion",
                f"{own_window['what']} within {own_window['n']} {own_window['unit']}"
                f"{own_window['rest']}",
            )
    if _INTERVAL_LEAD.search(line):
        for index, clause in enumerate(clauses):
            item = _INTERVAL_ITEM.match(clause)
            if item and not readings[index] and not _NOT_A_WASHOUT.search(clause):
                # "... the nitrosourea treatment interval >= 6 weeks; other cytotoxic drugs,
                # radiotherapy or surgery for >= 4 weeks": each item's interval since it
                gap = days(item["n"] or item["n2"], item["unit"] or item["unit2"])
                readings[index] = {category: Washout(gap) for category in categories(item["what"])}
    if any(_NONE_FOR_ADVANCED.search(clause) for clause in clauses):
        # "At least 12 months since prior chemotherapy; No prior chemotherapy for advanced
        # disease": months since an earlier setting's treatment, a relapse-free interval
        for reading in readings:
            for category in [
                category
                for category, washout in reading.items()
                if category in _SYSTEMIC_CLASSES and washout.days >= _RECENCY_DAYS
            ]:
                del reading[category]
    _wide_fields_as_exceptions(clauses, readings)
    items = listed(kind, line)
    readings += [
        {} if brain_lead and reading and set(reading) <= _LOCAL else reading
        for reading in (read("exclusion", item) for item in items)
    ]
    _narrow_groups_as_exceptions([*clauses, *items], readings)
    _interacting_drugs_left_out(line, [*clauses, *items], readings)
    _drugs_as_exceptions([*clauses, *items], readings)
    _recent_exposure_to_drugs_left_out([*clauses, *items], readings)
    # A class named by its own words with its own window ("small-molecule targeted drugs within
    # 2 weeks") is that class's window, shorter or longer than the one a broad term gives it
    # elsewhere in the line ("anti-tumour therapy within 4 weeks").
    texts = [*clauses, *items]
    named_apart = [
        set(categories(BROAD_ANTICANCER.sub(" ", _split_exception(text)[0])))
        for text in texts[: len(readings)]
    ]
    # "... within 4 weeks, except in the following situations: ...; small-molecule targeted
    # drugs within 2 weeks": the situations after the lead are the classes' own windows.
    excepting = [
        any(_EXCEPTION_LIST.search(text) for text in texts[:index])
        for index in range(len(readings))
    ]
    found: dict[str, Washout] = {}
    explicit: set[str] = set()
    for reading, own, situation in zip(readings, named_apart, excepting, strict=True):
        for category, washout in reading.items():
            current = found.get(category)
            if situation and current is not None and category in own:
                washout.exceptions = [*current.exceptions, *washout.exceptions]
                found[category] = washout
            elif (
                category in BROAD
                and current is not None
                and (category in own) != (category in explicit)
            ):
                if category in own:  # the class's own window replaces the broad term's
                    washout.exceptions = [*current.exceptions, *washout.exceptions]
                    found[category] = washout
                else:  # a broad term leaves the class's own window as it is
                    current.exceptions.extend(washout.exceptions)
            elif current is None or washout.days > current.days:
                if current is not None:
                    washout.exceptions = [*current.exceptions, *washout.exceptions]
                found[category] = washout
            else:
                current.exceptions.extend(washout.exceptions)
            if category in own:
                explicit.add(category)
    return found


split_exception = _split_exception  # the words before an exception (`extraction.py`)
