"""A plan's notice for download, as PDF and .docx: to whoever may see the plan, 404 to anyone else."""

import io

import pytest
from django.urls import reverse
from docx import Document

from jinguo.documents.tests.measure import find_line, open_pdf
from jinguo.plans.models import Plan, PlanStatus

pytestmark = pytest.mark.django_db

DOC_NUMBER = "泉妇〔2012〕39号"


def city_plan() -> Plan:
    return Plan.objects.get(doc_number=DOC_NUMBER)


def url(name: str, plan: Plan) -> str:
    return reverse(f"plans:{name}", args=[plan.pk])


def test_a_county_user_downloads_the_notice_of_the_plan_addressed_to_her_county(client, world):
    client.force_login(world.user("huangyufang"))  # 黄玉芳, 鲤城区妇联

    response = client.get(url("notice_pdf", city_plan()))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert response["Content-Disposition"].endswith(".pdf")
    with open_pdf(response.content) as pdf:
        assert find_line(pdf.pages[0], DOC_NUMBER).text == DOC_NUMBER
        assert find_line(pdf.pages[-1], "印发").text.endswith("2012年9月25日印发")


def test_the_plan_page_links_its_notice(client, world):
    client.force_login(world.user("huangyufang"))

    page = client.get(url("plan_detail", city_plan())).content.decode()

    assert url("notice_pdf", city_plan()) in page and url("notice_docx", city_plan()) in page


def test_the_notice_as_docx(client, world):
    client.force_login(world.user("huangyufang"))

    response = client.get(url("notice_docx", city_plan()))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    paragraphs = [paragraph.text for paragraph in Document(io.BytesIO(response.content)).paragraphs]
    assert paragraphs[:2] == ["泉州市妇女联合会文件", DOC_NUMBER]


@pytest.mark.parametrize("name", ["notice_pdf", "notice_docx"])
def test_a_plan_out_of_reach_is_not_found(client, world, name):
    sibling = Plan.objects.create(
        unit=world.unit("丰泽区妇联"),
        title="丰泽区妇联巾帼志愿服务实施方案",
        doc_number="丰妇〔2013〕5号",
        status=PlanStatus.ACTIVE,
    )
    client.force_login(world.user("huangyufang"))
    assert client.get(url(name, sibling)).status_code == 404

    client.force_login(world.village_user("历下区妇联"))  # outside the city's tree
    assert client.get(url(name, city_plan())).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_and_only_get_is_allowed(client, world):
    response = client.get(url("notice_pdf", city_plan()))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    client.force_login(world.user("huangyufang"))
    assert client.post(url("notice_pdf", city_plan())).status_code == 405
