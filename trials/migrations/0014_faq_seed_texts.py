"""The general FAQ entries show the seed recruitment page's own FAQ texts, as given.

The entries the first migration created paraphrased them; each one still as it was created is
replaced by the seed's text (and its translation). An entry a curator has edited is kept.
"""

from django.db import migrations

# The entries as migration 0002 created them: question, answer, question_zh, answer_zh.
PARAPHRASED = (
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


def use_seed_texts(apps, schema_editor):
    from trials.reference import FAQS

    faq_model = apps.get_model("trials", "FAQ")
    for before, after in zip(PARAPHRASED, FAQS, strict=True):
        question, answer, question_zh, answer_zh = after
        faq_model.objects.filter(
            trial__isnull=True,
            question=before[0],
            answer=before[1],
            question_zh_hans=before[2],
            answer_zh_hans=before[3],
        ).update(
            question=question,
            answer=answer,
            question_zh_hans=question_zh,
            answer_zh_hans=answer_zh,
        )


def use_paraphrases(apps, schema_editor):
    from trials.reference import FAQS

    faq_model = apps.get_model("trials", "FAQ")
    for before, after in zip(PARAPHRASED, FAQS, strict=True):
        faq_model.objects.filter(
            trial__isnull=True,
            question=after[0],
            answer=after[1],
            question_zh_hans=after[2],
            answer_zh_hans=after[3],
        ).update(
            question=before[0],
            answer=before[1],
            question_zh_hans=before[2],
            answer_zh_hans=before[3],
        )


class Migration(migrations.Migration):
    dependencies = [("trials", "0013_trial_texts_translations")]

    operations = [migrations.RunPython(use_seed_texts, use_paraphrases)]
