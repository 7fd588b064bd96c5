import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jinguo.accounts.demo import load_demo_accounts
from jinguo.org.demo.loader import load_org_world
from jinguo.plans.demo.branch import load_branch_demo
from jinguo.plans.demo.loader import load_plan_world
from jinguo.reporting.demo.loader import load_reporting_demo


class Command(BaseCommand):
    help = "Load the demo world (Quanzhou from seed 000, Lixia from seed 004, generated lower levels). Idempotent."

    def handle(self, *args: object, **options: object) -> None:
        if not getattr(settings, "JINGUO_DEMO_ALLOWED", False):
            raise CommandError("load_demo refuses to run with production settings.")
        password = os.environ.get("JINGUO_DEMO_PASSWORD", "jinguo-demo")
        with transaction.atomic():
            world = load_org_world()
            logins = load_demo_accounts(world, password=password)
            load_plan_world()
            load_branch_demo()
            load_reporting_demo()
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / demo world ready"))
        self.stdout.write(f"演示账号 / demo logins (password: {password}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {login.who}")
