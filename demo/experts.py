"""Demo expert pool for `load_demo`: reviewer_1 … reviewer_8, each with an expert profile across
the demo's domains, signing in with the demo password (idempotent)."""

from django.contrib.auth import get_user_model

from cms.models import Domain
from selection.models import Expert

from .builder import DEMO_PASSWORD

# username, name, affiliation, title, domain slugs, expertise keywords
EXPERTS = [
    (
        "reviewer_1",
        "王建华",
        "南京理工大学",
        "教授",
        ["intelligent-manufacturing"],
        "机器视觉、缺陷检测、工业检测",
    ),
    (
        "reviewer_2",
        "李敏",
        "江苏省产业技术研究院",
        "研究员",
        ["digital-economy"],
        "深度学习、小样本学习、大模型",
    ),
    (
        "reviewer_3",
        "陈立",
        "东南大学",
        "教授",
        ["intelligent-manufacturing", "digital-economy"],
        "工业互联网、边缘计算",
    ),
    (
        "reviewer_4",
        "赵晓东",
        "中国科学院苏州纳米技术与纳米仿生研究所",
        "研究员",
        ["new-materials"],
        "传感器、光学成像、纳米材料",
    ),
    ("reviewer_5", "孙蕾", "中国药科大学", "教授", ["biomedicine"], "医疗器械、内窥镜、生物医药"),
    (
        "reviewer_6",
        "周海涛",
        "河海大学",
        "教授",
        ["new-energy", "green-low-carbon"],
        "风电运维、储能、双碳",
    ),
    (
        "reviewer_7",
        "吴静",
        "江苏海洋大学",
        "副教授",
        ["marine-economy"],
        "海洋装备、港口物流、无人机巡检",
    ),
    (
        "reviewer_8",
        "郑国强",
        "南京航空航天大学",
        "教授",
        ["low-altitude-economy", "smart-city"],
        "无人机、低空经济、城市治理",
    ),
]


def load_demo_experts():
    """Create the missing accounts and profiles; returns {"experts": {"created": n, "existing": m}}."""
    users = get_user_model().objects
    counts = {"created": 0, "existing": 0}
    for username, name, affiliation, title, domains, keywords in EXPERTS:
        user, created_user = users.get_or_create(
            username=username, defaults={"email": f"{username}@demo.example.cn"}
        )
        if created_user:
            user.set_password(DEMO_PASSWORD)
            user.save()
        expert, created = Expert.objects.get_or_create(
            user=user,
            defaults={
                "name": name,
                "affiliation": affiliation,
                "title": title,
                "keywords": keywords,
            },
        )
        if created:
            expert.domains.set(Domain.objects.filter(slug__in=domains))
        counts["created" if created else "existing"] += 1
    return {"experts": counts}
