from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from incidents.models import Open311Key

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("create_open311_key", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_it_creates_a_key_and_prints_it_last():
    lines = run("FixaMinGata")
    secret = lines[-1]
    key = Open311Key.objects.get()
    assert key.name == "FixaMinGata"
    assert key.requests_per_hour == 600
    assert Open311Key.objects.matching(secret) == key
    assert secret.startswith(key.key_prefix)
    assert secret not in "\n".join(lines[:-1])
    assert secret not in str(Open311Key.objects.values().get())


def test_it_sets_the_hourly_limit():
    run("Felanmälan-appen", "--requests-per-hour", "50")
    assert Open311Key.objects.get().requests_per_hour == 50


def test_each_run_issues_a_new_key_for_rotation():
    first, second = run("FixaMinGata")[-1], run("FixaMinGata")[-1]
    assert first != second
    assert Open311Key.objects.filter(name="FixaMinGata").count() == 2


@pytest.mark.parametrize("args", [["  "], ["x" * 201], ["App", "--requests-per-hour", "0"]])
def test_it_refuses_bad_input(args):
    with pytest.raises(CommandError):
        call_command("create_open311_key", *args, stdout=StringIO())
    assert not Open311Key.objects.exists()


def test_the_printed_key_can_send_a_report(client, categories, localities):
    secret = run("FixaMinGata")[-1]
    response = client.post(
        "/open311/v2/requests.json",
        {"api_key": secret, "service_code": "klotter", "lat": "57.99", "long": "11.55", "description": "Klotter."},
    )
    assert response.status_code == 201
