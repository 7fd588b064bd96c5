"""Where a notification goes: the in-app inbox, e-mail, SMS, a WeCom (企业微信) group robot.

A channel takes one `Message` (its recipients, what to say, the local page to open) and sends it.
The inbox is written in the caller's transaction by `services.notify`; the other channels listed in
JINGUO_NOTIFICATION_CHANNELS are sent to after commit, each by the backend named in
JINGUO_NOTIFICATION_BACKENDS. A channel that fails is logged and never fails the caller.
"""

import json
import logging
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string

from jinguo.accounts.models import User
from jinguo.notifications.models import Notification

logger = logging.getLogger(__name__)

INAPP = "inapp"
WEBHOOK_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Message:
    recipients: tuple[User, ...]
    kind: str
    title: str
    body: str = ""
    url: str = ""
    actor: User | None = None

    @property
    def link(self) -> str:
        """The page as an absolute address when the site's address is known, else the local path."""
        return f"{settings.JINGUO_SITE_URL}{self.url}" if self.url else ""

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.title, self.body, self.link) if part)


class Channel(Protocol):
    def send(self, message: Message) -> None: ...


class InAppChannel:
    """The inbox: one Notification row per recipient."""

    def send(self, message: Message) -> None:
        Notification.objects.bulk_create(inbox_rows([message]))


def inbox_rows(messages: Iterable[Message]) -> list[Notification]:
    return [
        Notification(
            recipient=user,
            actor=message.actor,
            kind=message.kind,
            title=message.title,
            body=message.body,
            url=message.url,
        )
        for message in messages
        for user in message.recipients
    ]


class EmailChannel:
    """One e-mail to each recipient who has an address, through Django's EMAIL_BACKEND."""

    def send(self, message: Message) -> None:
        body = "\n\n".join(part for part in (message.body, message.link) if part)
        mails = [
            EmailMessage(subject=message.title.replace("\n", " "), body=body, to=[user.email])
            for user in message.recipients
            if user.email
        ]
        if mails:
            get_connection().send_messages(mails)


def masked(mobile: str) -> str:
    """138****5678: enough to tell whose phone in a log, not enough to call it."""
    return f"{mobile[:3]}****{mobile[-4:]}" if len(mobile) >= 7 else "****"


class ConsoleSmsBackend:
    """The default SMS backend: logs what would be texted to each recipient with a mobile."""

    def send(self, message: Message) -> None:
        for user in message.recipients:
            if user.mobile:
                logger.info("SMS to %s: %s", masked(user.mobile), message.text)


def wecom_payload(message: Message) -> dict[str, Any]:
    """A WeCom group robot's text message, @-mentioning the recipients by mobile."""
    mobiles = [user.mobile for user in message.recipients if user.mobile]
    return {"msgtype": "text", "text": {"content": message.text, "mentioned_mobile_list": mobiles}}


class LogWebhookBackend:
    """The default WeCom backend: logs the payload it would post."""

    def send(self, message: Message) -> None:
        logger.info("WeCom webhook: %s", json.dumps(wecom_payload(message), ensure_ascii=False))


class WebhookError(Exception):
    pass


Opener = Callable[..., Any]


class WeComWebhookBackend:
    """Posts to the group robot at JINGUO_WECOM_WEBHOOK_URL. `opener` is urllib's; tests pass a fake."""

    def __init__(self, url: str | None = None, opener: Opener | None = None) -> None:
        self.url = url if url is not None else settings.JINGUO_WECOM_WEBHOOK_URL
        self.opener = opener or urllib.request.urlopen

    def send(self, message: Message) -> None:
        if not self.url.startswith("https://"):
            raise WebhookError("JINGUO_WECOM_WEBHOOK_URL must be an https:// address")
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            self.url,
            data=json.dumps(wecom_payload(message), ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        with self.opener(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
            answer = json.loads(response.read() or b"{}")
        if answer.get("errcode", 0) != 0:  # WeCom answers 200 with an error code
            raise WebhookError(f"WeCom refused the message: {answer.get('errmsg', answer)}")


def channel(name: str) -> Channel:
    channel_class: type[Channel] = import_string(settings.JINGUO_NOTIFICATION_BACKENDS[name])
    return channel_class()


def extra_channels() -> list[str]:
    """The enabled channels besides the inbox, which is always written."""
    return [name for name in settings.JINGUO_NOTIFICATION_CHANNELS if name != INAPP]


def deliver(messages: list[Message], names: list[str]) -> None:
    """Sends each message on each named channel; a failure is logged and the rest still go."""
    for name in names:
        try:
            backend = channel(name)
        except Exception:
            logger.exception("notification channel %r could not be set up", name)
            continue
        for message in messages:
            try:
                backend.send(message)
            except Exception:
                logger.exception("notification channel %r failed to send %r", name, message.title)
