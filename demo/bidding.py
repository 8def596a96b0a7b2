"""Demo bidding content for `load_demo`: three verified organisations (company_a, company_b,
company_c; the third bids on closed challenges only) with a licence scan each, the publisher
account's organisation, and bids to look at and to test against (idempotent).

Bids on open challenges are made through the services, as a company would make them. Bids on
a challenge whose deadline has already passed cannot be made that way any more; they are
written as history, with the audit lines the services would have written at the time.
"""

import io
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from cms.models import ChallengePage, Domain, Region
from scenarios import services
from scenarios.audit import audit
from scenarios.models import AuditEvent, Bid, Company, Membership
from scenarios.services.bids import new_receipt_number
from scenarios.validators import make_uscc

COMPANIES = [
    {
        "owner": "company_a",
        "name": "连云港云眸智能视觉科技有限公司",
        "kind": Company.Kind.ENTERPRISE,
        "uscc": make_uscc("91320706", "MA1Y7K3Q"),
        "region": "lianyungang-hitech",
        "domains": ["smart-factory"],
        "capability_keywords": ["机器视觉", "缺陷检测", "小样本学习", "边缘计算", "工业AI"],
        "qualifications": "国家高新技术企业；ISO 9001 质量管理体系认证；发明专利 6 项。",
        "description": "专注工业视觉检测与边缘推理，为化工、材料和装备企业提供在线质检系统。",
    },
    {
        "owner": "company_b",
        "name": "江苏海洋大学智能感知与装备研究团队",
        "kind": Company.Kind.UNIVERSITY,
        "uscc": make_uscc("12320000", "46640112"),
        "region": "haizhou",
        "domains": ["smart-equipment", "medical-devices"],
        "capability_keywords": ["光学成像", "无人机巡检", "深度学习", "医疗器械"],
        "qualifications": "省级工程技术研究中心；承担国家重点研发计划课题 2 项。",
        "description": "依托江苏海洋大学，研究光电成像、智能感知与海洋装备。",
    },
    {
        "owner": "company_c",
        "name": "连云港新浦精工材料技术有限公司",
        "kind": Company.Kind.ENTERPRISE,
        "uscc": make_uscc("91320705", "MA20R8N6"),
        "region": "lyg-xinpu-park",
        "domains": ["smart-equipment", "medical-devices"],
        "capability_keywords": ["表面工程", "功能涂层", "热处理", "工艺仿真"],
        "qualifications": "省级专精特新中小企业；ISO 13485 医疗器械质量管理体系认证。",
        "description": "从事金属热处理与功能涂层工艺开发，服务装备制造与医疗器械企业。",
    },
]
PUBLISHER = ("publisher", "haizhou-kjj")
ENDOSCOPE_APPROACH = "采用国产CMOS图像传感器与自研ISP，分两期完成样机与量产验证。"
ENDOSCOPE_TEAM = "项目负责人1名，光学工程师3名，嵌入式工程师2名。"
OPEN_CHALLENGE = "JB-2026-306"  # 工业视觉小样本缺陷检测通用模型 (open)
SECOND_OPEN_CHALLENGE = "JB-2026-303"  # 海上风电叶片缺陷无人机自主巡检与识别 (open)
CLOSED_CHALLENGE = "JB-2026-309"  # 一次性电子内窥镜成像模组国产化降本 (deadline passed)
SECOND_CLOSED_CHALLENGE = "JB-2026-310"  # 褐藻岩藻多糖高纯度低成本制备工艺 (deadline passed)
NOTICE_CHALLENGE = "JB-2026-311"  # 大型回转支承套圈感应淬火变形控制 (deadline passed)
FINAL_CHALLENGE = "JB-2026-312"  # 医用导管亲水润滑涂层耐久性提升 (horse race, deadline passed)
# The bids of the closed challenges whose results are published (公示) and final:
# (company index, challenge, summary, approach, team).
LATER_BIDS = [
    (
        2,
        NOTICE_CHALLENGE,
        "感应器仿形优化与淬火变形预测补偿方案",
        "以电磁—热—相变耦合仿真优化感应器结构与扫描参数，按预测变形量预置反变形，现场激光测量闭环修正。",
        "项目负责人1名（高级工程师），热处理工程师3名，仿真工程师2名。",
    ),
    (
        1,
        NOTICE_CHALLENGE,
        "基于机器视觉在线测量的淬火变形控制方案",
        "在淬火工位加装线激光轮廓测量，实时识别套圈变形并调整喷淋冷却分区，配合数据模型预测变形。",
        "项目负责人1名（教授），测量与控制研究人员3名，研究生4名。",
    ),
    (
        2,
        FINAL_CHALLENGE,
        "双层交联亲水涂层与等离子预处理工艺",
        "等离子体活化基材后涂覆底层粘结层与亲水面层，双重交联提高附着力，建立往复摩擦加速评价方法。",
        "项目负责人1名（高级工程师），高分子工程师3名，质量工程师1名。",
    ),
    (
        1,
        FINAL_CHALLENGE,
        "仿生聚合物刷润滑涂层制备与评价方案",
        "以表面引发聚合接枝仿生聚合物刷，降低摩擦与微粒脱落，并以加速老化试验验证灭菌后的稳定性。",
        "项目负责人1名（教授），材料化学研究人员4名。",
    ),
    (
        0,
        FINAL_CHALLENGE,
        "涂层缺陷视觉检测与涂覆工艺参数优化方案",
        "在涂覆与固化工序加装视觉检测，识别漏涂、气泡和开裂，以检测数据优化浸涂速度和固化能量。",
        "项目负责人1名（高级工程师），算法工程师3名，工艺工程师1名。",
    ),
]


def _company(spec, moderator):
    user = get_user_model().objects.get(username=spec["owner"])
    company = Company.objects.filter(name=spec["name"]).first()
    created = company is None
    if created:
        _user, company = _register(user, spec)
    if not company.certificates.exists():
        services.certificate_add(
            company, user, title="营业执照（演示）", upload=_licence_scan(company)
        )
    if not company.is_verified:
        services.company_verify(
            company, moderator, approve=True, note="演示数据：资料齐全，核验通过。"
        )
        company.refresh_from_db()
    return company, created


def _licence_scan(company):
    """A stand-in for a scanned business licence: a PNG bearing the credit code."""
    image = Image.new("RGB", (800, 560), "#fbf6e9")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 779, 539), outline="#b3261e", width=6)
    font = ImageFont.load_default(size=34)
    draw.text((60, 90), "BUSINESS LICENCE (DEMO)", fill="#b3261e", font=font)
    draw.text((60, 200), f"USCC  {company.uscc or '-'}", fill="#222222", font=font)
    draw.text((60, 280), f"No. {company.pk:06d}", fill="#222222", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile("licence.png", out.getvalue(), "image/png")


def _register(user, spec):
    company = Company.objects.create(
        name=spec["name"],
        kind=spec["kind"],
        uscc=spec["uscc"],
        region=Region.objects.filter(slug=spec["region"]).first(),
        capability_keywords=spec["capability_keywords"],
        qualifications=spec["qualifications"],
        description=spec["description"],
    )
    company.domains.set(Domain.objects.filter(slug__in=spec["domains"]))
    Membership.objects.get_or_create(
        user=user, defaults={"company": company, "role": Membership.Role.OWNER}
    )
    audit(
        AuditEvent.Action.COMPANY_REGISTERED, user, company=company, to_state=company.verification
    )
    return user, company


def _complete_bid(bid, user, summary, approach, funding):
    responses = {
        response.pk: {"committed_value": response.target_value, "approach": "见技术方案第3节。"}
        for response in bid.target_responses.all()
    }
    return services.bid_update(
        bid,
        user,
        fields={
            "summary": summary,
            "approach": approach,
            "team": "项目负责人1名（正高级），算法工程师4名，硬件工程师2名。",
            "requested_funding_wan": funding,
        },
        target_responses=responses,
        milestones=[
            {"month": 3, "deliverable": "完成样机与算法原型"},
            {"month": 9, "deliverable": "产线试运行并完成第三方测试"},
        ],
    )


def _open_bid(company, user, ref, summary, submit):
    challenge = ChallengePage.objects.live().filter(ref=ref).first()
    if challenge is None or challenge.status != "open":
        return False
    if Bid.objects.active().filter(company=company, opportunity=challenge).exists():
        return False
    bid = services.bid_create(company, challenge, user, fields={"summary": summary})
    bid = _complete_bid(
        bid,
        user,
        summary,
        f"{summary}技术路线：数据采集与标注、模型设计、现场部署与验证三个阶段推进。",
        Decimal(min(challenge.bounty_wan or 100, 100)),
    )
    if submit:
        services.bid_submit(bid, user)
    return True


def _closed_bid(company, user, ref, summary, approach, team):
    """A bid submitted before a deadline that has since passed, written as history."""
    challenge = ChallengePage.objects.live().filter(ref=ref).first()
    if challenge is None or Bid.objects.filter(company=company, opportunity=challenge).exists():
        return False
    submitted_at = challenge.application_deadline - timedelta(days=3)
    bid = Bid.objects.create(
        company=company,
        opportunity=challenge,
        created_by=user,
        status=Bid.Status.SUBMITTED,
        summary=summary,
        approach=f"{summary}{approach}",
        team=team,
        requested_funding_wan=Decimal(min(challenge.bounty_wan or 100, 200)),
        submitted_at=submitted_at,
        receipt_number=new_receipt_number(submitted_at),
        bidder_name=company.name,
        bidder_uscc=company.uscc or "",
    )
    for index, target in enumerate(challenge.targets.all()):
        bid.target_responses.create(
            target=target,
            indicator=target.indicator,
            target_value=f"{target.target_value}{target.unit}",
            committed_value=f"{target.target_value}{target.unit}",
            approach="见技术方案。",
            sort_order=index,
        )
    for action, before, after in (
        (AuditEvent.Action.BID_CREATED, "", Bid.Status.DRAFT),
        (AuditEvent.Action.BID_SUBMITTED, Bid.Status.DRAFT, Bid.Status.SUBMITTED),
    ):
        event = audit(action, user, bid=bid, from_state=before, to_state=after, seeded=True)
        AuditEvent.objects.filter(pk=event.pk).update(at=submitted_at)
    return True


@transaction.atomic
def load_demo_bidding():
    """Create what is missing; returns {what: {"created": n, "existing": m}}."""
    users = get_user_model().objects
    moderator = users.filter(is_superuser=True).first()
    counts = {
        "bidding organisations": {"created": 0, "existing": 0},
        "bids": {"created": 0, "existing": 0},
    }
    companies = []
    for spec in COMPANIES:
        company, created = _company(spec, moderator)
        companies.append((company, users.get(username=spec["owner"])))
        counts["bidding organisations"]["created" if created else "existing"] += 1
    (company_a, user_a), (company_b, user_b) = companies[:2]
    made = [
        _open_bid(company_a, user_a, OPEN_CHALLENGE, "基于少样本元学习的通用缺陷检测模型", True),
        _open_bid(company_b, user_b, OPEN_CHALLENGE, "融合偏振成像与小样本学习的缺陷检测", True),
        _open_bid(company_a, user_a, SECOND_OPEN_CHALLENGE, "风机叶片无人机自主巡检方案", False),
        _closed_bid(
            company_a,
            user_a,
            CLOSED_CHALLENGE,
            "2.8mm 一次性内窥镜成像模组国产化方案",
            ENDOSCOPE_APPROACH,
            ENDOSCOPE_TEAM,
        ),
        _closed_bid(
            company_b,
            user_b,
            CLOSED_CHALLENGE,
            "低成本内窥镜光学模组与图像处理方案",
            ENDOSCOPE_APPROACH,
            ENDOSCOPE_TEAM,
        ),
        _closed_bid(
            company_b,
            user_b,
            SECOND_CLOSED_CHALLENGE,
            "膜分离耦合梯度醇沉的岩藻多糖连续制备工艺",
            "以超滤—纳滤两级膜分离替代多次醇沉，配合离子交换脱除重金属，在中试线验证收率与纯度。",
            "项目负责人1名（教授），海洋生物化工研究人员3名，中试工程师2名。",
        ),
        _closed_bid(
            company_a,
            user_a,
            SECOND_CLOSED_CHALLENGE,
            "岩藻多糖提纯过程在线视觉与光谱质控方案",
            "在醇沉与干燥工序加装近红外光谱与视觉检测，闭环调节工艺参数，降低批次间纯度波动。",
            "项目负责人1名（高级工程师），算法工程师3名，工艺工程师1名。",
        ),
    ]
    for index, ref, summary, approach, team in LATER_BIDS:
        company, user = companies[index]
        made.append(_closed_bid(company, user, ref, summary, approach, team))
    counts["bids"]["created"] = sum(made)
    counts["bids"]["existing"] = Bid.objects.count() - sum(made)
    return counts
