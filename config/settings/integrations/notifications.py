"""Notification channels. The inbox is always written; the channels listed here are sent to as well,
after commit, each by the backend named for it (a dotted path). Defaults log instead of sending."""

import os

JINGUO_NOTIFICATION_CHANNELS: list[str] = [
    name.strip() for name in os.environ.get("JINGUO_NOTIFICATION_CHANNELS", "inapp").split(",") if name.strip()
]
JINGUO_NOTIFICATION_BACKENDS: dict[str, str] = {
    "inapp": "jinguo.notifications.channels.InAppChannel",
    "email": "jinguo.notifications.channels.EmailChannel",
    "sms": os.environ.get("JINGUO_SMS_BACKEND", "jinguo.notifications.channels.ConsoleSmsBackend"),
    "wecom": os.environ.get("JINGUO_WECOM_BACKEND", "jinguo.notifications.channels.LogWebhookBackend"),
}
# A WeCom (企业微信) group robot's address: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
JINGUO_WECOM_WEBHOOK_URL = os.environ.get("JINGUO_WECOM_WEBHOOK_URL", "")
# Links in e-mail, SMS and WeCom messages are made absolute with this (no trailing slash).
JINGUO_SITE_URL = os.environ.get("JINGUO_SITE_URL", "")
DEFAULT_FROM_EMAIL = os.environ.get("JINGUO_FROM_EMAIL", "jinguo@localhost")
# SMTP for the e-mail channel (local settings print mail instead; tests keep it in memory).
EMAIL_HOST = os.environ.get("JINGUO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("JINGUO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("JINGUO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("JINGUO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("JINGUO_EMAIL_TLS", "0") == "1"
EMAIL_TIMEOUT = 10

# Report reminders (jinguo.reporting.reminders): escalate to the liaison leader this many days after
# the on-time limit; a reminder missed (scheduler down) is still sent within the catch-up days.
JINGUO_REMINDER_ESCALATE_AFTER_DAYS = 7
JINGUO_REMINDER_CATCH_UP_DAYS = 3
