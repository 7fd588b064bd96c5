"""Channels besides the inbox: e-mail to those with an address, SMS and WeCom logged by default, the
real WeCom robot posting the right JSON (to a fake opener: nothing leaves the machine), all after
commit, and a failing channel never failing the caller nor undoing the inbox."""

import io
import json
import logging

import pytest
from django.core import mail
from django.db import transaction

from jinguo.notifications import services
from jinguo.notifications.channels import (
    ConsoleSmsBackend,
    LogWebhookBackend,
    Message,
    WebhookError,
    WeComWebhookBackend,
)
from jinguo.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db

BACKENDS = {
    "inapp": "jinguo.notifications.channels.InAppChannel",
    "email": "jinguo.notifications.channels.EmailChannel",
    "sms": "jinguo.notifications.channels.ConsoleSmsBackend",
    "wecom": "jinguo.notifications.channels.LogWebhookBackend",
}
ROBOT = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-key"


class BrokenChannel:
    def send(self, message: Message) -> None:
        raise ConnectionError("the SMS gateway is down")


@pytest.fixture
def channels(settings):  # type: ignore[no-untyped-def]
    settings.JINGUO_NOTIFICATION_BACKENDS = dict(BACKENDS)
    settings.JINGUO_SITE_URL = "https://jinguo.example.cn"

    def enable(*names: str) -> None:
        settings.JINGUO_NOTIFICATION_CHANNELS = ["inapp", *names]

    return enable


def send(recipients, **changes):  # type: ignore[no-untyped-def]
    values = {
        "kind": NotificationKind.INSTRUCTION,
        "title": "请补报三月月报",
        "body": "本月已逾期。",
        "url": "/reports/7/",
    }
    return services.notify(recipients, **{**values, **changes})


def test_email_goes_after_commit_to_each_recipient_with_an_address(world, channels, django_capture_on_commit_callbacks):
    channels("email")
    liu, lin = world.user("liuweihong"), world.user("linhui")
    liu.email = "liuweihong@example.cn"
    liu.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=True):
        send([liu, lin])
        assert mail.outbox == []  # not before commit

    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["liuweihong@example.cn"], "请补报三月月报", "本月已逾期。\n\nhttps://jinguo.example.cn/reports/7/")
    ]
    assert Notification.objects.filter(recipient__in=[liu, lin], title="请补报三月月报").count() == 2


def test_only_the_inbox_queues_nothing_after_commit(world, channels, django_capture_on_commit_callbacks):
    channels()
    with django_capture_on_commit_callbacks() as callbacks:
        send([world.user("liuweihong")])
    assert callbacks == []


def test_the_console_sms_backend_logs_a_masked_mobile(world, caplog):
    officer = world.user("liujiajing")  # mobile 19900000092
    message = Message(recipients=(officer, world.user("huanghuairong")), kind="instruction", title="请补报", url="/r/")

    with caplog.at_level(logging.INFO, logger="jinguo.notifications.channels"):
        ConsoleSmsBackend().send(message)

    assert caplog.messages == ["SMS to 199****0092: 请补报\n/r/"]


def test_the_log_webhook_backend_logs_the_payload(world, caplog):
    message = Message(recipients=(world.user("liujiajing"),), kind="instruction", title="请补报", body="逾期")

    with caplog.at_level(logging.INFO, logger="jinguo.notifications.channels"):
        LogWebhookBackend().send(message)

    payload = {"msgtype": "text", "text": {"content": "请补报\n逾期", "mentioned_mobile_list": ["19900000092"]}}
    assert caplog.messages == ["WeCom webhook: " + json.dumps(payload, ensure_ascii=False)]


class FakeOpener:
    def __init__(self, answer: bytes = b'{"errcode":0,"errmsg":"ok"}') -> None:
        self.answer = answer
        self.requests: list[tuple[object, float]] = []

    def __call__(self, request, timeout):  # type: ignore[no-untyped-def]
        self.requests.append((request, timeout))
        return io.BytesIO(self.answer)


def test_the_wecom_backend_posts_a_text_message_mentioning_the_recipients(world, settings):
    settings.JINGUO_SITE_URL = "https://jinguo.example.cn"
    opener = FakeOpener()
    message = Message(
        recipients=(world.user("liujiajing"), world.user("huanghuairong")),
        kind="report_reminder",
        title="月报今日截止",
        body="请报送。",
        url="/reports/7/",
    )

    WeComWebhookBackend(url=ROBOT, opener=opener).send(message)

    ((request, timeout),) = opener.requests
    assert (request.full_url, request.get_method(), timeout) == (ROBOT, "POST", 10)  # type: ignore[attr-defined]
    assert request.get_header("Content-type") == "application/json; charset=utf-8"  # type: ignore[attr-defined]
    assert json.loads(request.data) == {  # type: ignore[attr-defined]
        "msgtype": "text",
        "text": {
            "content": "月报今日截止\n请报送。\nhttps://jinguo.example.cn/reports/7/",
            "mentioned_mobile_list": ["19900000092"],
        },
    }


def test_the_wecom_backend_reports_a_refusal_and_a_bad_address(world):
    message = Message(recipients=(world.user("liujiajing"),), kind="instruction", title="请补报")

    with pytest.raises(WebhookError, match="invalid webhook url"):
        WeComWebhookBackend(url=ROBOT, opener=FakeOpener(b'{"errcode":93000,"errmsg":"invalid webhook url"}')).send(
            message
        )
    opener = FakeOpener()
    with pytest.raises(WebhookError, match="https"):
        WeComWebhookBackend(url="http://example.cn/hook", opener=opener).send(message)
    assert opener.requests == []


def test_a_failing_channel_neither_fails_the_caller_nor_undoes_the_inbox(
    world, channels, settings, caplog, django_capture_on_commit_callbacks
):
    settings.JINGUO_NOTIFICATION_BACKENDS = {**BACKENDS, "sms": f"{__name__}.BrokenChannel"}
    channels("sms", "email")
    liu = world.user("liuweihong")
    liu.email = "liuweihong@example.cn"
    liu.save(update_fields=["email"])

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        (sent,) = send([liu])

    assert Notification.objects.filter(pk=sent.pk).exists()
    assert [m.to for m in mail.outbox] == [["liuweihong@example.cn"]]  # the next channel still went
    assert caplog.messages == ["notification channel 'sms' failed to send '请补报三月月报'"]


def test_an_unknown_channel_is_logged_and_skipped(world, channels, caplog, django_capture_on_commit_callbacks):
    channels("pigeon")
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        (sent,) = send([world.user("liuweihong")])

    assert Notification.objects.filter(pk=sent.pk).exists()
    assert caplog.messages == ["notification channel 'pigeon' could not be set up"]
