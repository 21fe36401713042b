"""The request journey in the browser: portal → whistle to two departments → both reply → resolved →
closed and rated by the enterprise, with the whole timeline and on-time figures on the page."""

import functools

import pytest

from jingqi.core.testing import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def as_user(open_as):
    return functools.partial(open_as, accept_dialogs=True)


def test_portal_request_whistled_to_two_departments_resolved_closed_and_rated(world, as_user):
    road = f.DepartmentFactory(station=world.station, code="D-RD", name="公路事业发展中心")
    f.UserFactory(username="dept_road", role="department", department=road)

    liaison = as_user("liaison_a")
    liaison.click("nav >> text=诉求")
    liaison.click("text=提交诉求")
    liaison.select_option("select[name=service_item]", str(world.item_oversize.pk))
    liaison.locator("#expected .expected").wait_for()
    assert "首次答复" in liaison.locator("#expected").inner_text()
    liaison.fill("input[name=title]", "86 吨压机无法通过园区桥梁")
    liaison.fill("textarea[name=description]", "新购压机需运入厂区，园区桥梁限重 40 吨，请协调通行。")
    liaison.click("button[type=submit].primary")
    # The enterprise already has an open request for this item: warned first, then submitted anyway.
    liaison.click("button[type=submit].primary:has-text('仍然提交')")
    liaison.wait_for_url("**/requests/*/")
    url = liaison.url
    reference = liaison.locator("p.muted .mono").inner_text()

    officer = as_user("officer_a")
    officer.goto(url)
    officer.click("button:has-text('受理')")
    officer.locator("summary", has_text="吹哨").click()
    officer.check(f"input[name=whistle-departments][value='{world.dept_transport_unit.pk}']")
    officer.check(f"input[name=whistle-departments][value='{road.pk}']")
    officer.fill("textarea[name=whistle-note]", "请到场核定通行方案")
    officer.click("button:has-text('吹哨')")
    officer.locator(".messages").wait_for()

    for username, reply in (("dept_transport", "已核定夜间绕行路线"), ("dept_road", "桥梁已临时加固")):
        dept = as_user(username)
        dept.click("nav >> text=部门工作台")
        dept.click(f"text={reference}")
        dept.click("button:has-text('已到场')")
        dept.fill("textarea[name=reply-reply]", reply)
        dept.click("button:has-text('提交答复')")
        dept.locator(".messages").wait_for()

    officer.goto(url)
    officer.locator("summary", has_text="办结").click()
    officer.fill("textarea[name=resolve-note]", "已协调夜间绕行并临时加固桥梁")
    officer.click("button.primary:has-text('办结')")
    officer.locator(".status-resolved").wait_for()

    liaison.goto(url)
    liaison.click("button:has-text('关闭诉求')")
    liaison.check("input[name=rate-rating][value='5']")
    liaison.fill("textarea[name=rate-comment]", "两天内解决，非常满意")
    liaison.click("button:has-text('评价')")
    liaison.locator(".messages").wait_for()

    timeline = liaison.locator("ol.timeline").inner_text()
    for kind in ("已提交", "已受理", "吹哨派单", "已到场", "部门已答复", "已办结", "已关闭", "已评价"):
        assert kind in timeline, kind
    assert "按时" in liaison.locator("body").inner_text()
    assert "5 / 5" in liaison.locator("body").inner_text()
