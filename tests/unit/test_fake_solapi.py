"""The fake SOLAPI is strict where SOLAPI is: our client's requests pass, and a wrong secret, a
reused salt, an unapproved template or variables that do not fill it are refused."""

from __future__ import annotations

from bot.channels.sms.provider import ProviderError
from bot.channels.sms.solapi import Solapi, authorization
from handlers.phone.notices import PhoneNotice
from handlers.phone.templates import KIND, LINK, PLACE, REMINDER, WHEN, fill
from tests.fakes.solapi import API_KEY, API_SECRET, PF_ID, TEMPLATE_IDS, FakeSolapi

VALUES = {
    WHEN: "12월 9일(수) 오후 2시",
    PLACE: "광명시여성새일센터",
    KIND: "방문 상담",
    LINK: "https://ilteo.example/b/1_abc",
}


def notice(variables=VALUES, text=None) -> PhoneNotice:
    return PhoneNotice(
        "+821012345678",
        "booking:1:before:86400s",
        "reminder",
        "ko",
        variables,
        text or fill(REMINDER["ko"], VALUES),
    )


async def refused(fake: FakeSolapi, client: Solapi, sent: PhoneNotice, template: str) -> str:
    try:
        await client.send(sent, template)
    except ProviderError:
        return fake.refused[-1]
    raise AssertionError("the fake took it")


async def test_our_requests_pass_and_bad_ones_are_refused():
    async with FakeSolapi() as fake:
        client = Solapi(fake.url, API_KEY, API_SECRET, "02-1588-9142", PF_ID)
        wrong = Solapi(fake.url, API_KEY, "not-the-secret", "02-1588-9142", PF_ID)
        try:
            await client.send(notice(), TEMPLATE_IDS["ko"])
            assert [m["type"] for m in fake.sent] == ["ATA"]
            assert await client.sent_already("booking:1:before:86400s")
            assert not await client.sent_already("booking:2:before:86400s")
            assert await refused(fake, wrong, notice(), TEMPLATE_IDS["ko"]) == (
                "SignatureDoesNotMatch"
            )
            assert await refused(fake, client, notice(), "KA01TP-unknown") == (
                "templateId is not an approved template"
            )
            fewer = {k: v for k, v in VALUES.items() if k != LINK}
            assert await refused(fake, client, notice(fewer), TEMPLATE_IDS["ko"]) == (
                "variables do not match the template"
            )
            assert await refused(fake, client, notice(text="다른 글"), TEMPLATE_IDS["ko"]) == (
                "text is not the template filled in"
            )
            assert len(fake.sent) == 1
        finally:
            await client.close()
            await wrong.close()


def test_a_signature_is_the_hmac_of_date_and_salt():
    header = authorization("KEY", "SECRET", "2026-12-06T03:00:00.000Z", "0123456789abcdef")
    assert header == (
        "HMAC-SHA256 apiKey=KEY, date=2026-12-06T03:00:00.000Z, salt=0123456789abcdef, "
        "signature="
        + __import__("hmac")
        .new(b"SECRET", b"2026-12-06T03:00:00.000Z0123456789abcdef", "sha256")
        .hexdigest()
    )
