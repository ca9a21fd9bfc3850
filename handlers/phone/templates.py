"""The 알림톡 templates, exactly as they are registered with Kakao (one per offered language).

Kakao sends an 알림톡 only when its text is an approved template with its `#{variables}` filled
in, so these texts are not gettext messages: a changed letter here needs a new approval. Each
language's template is registered under its own id (ALIMTALK_TEMPLATES=ko:ID,vi:ID,…); a
language without an approved id gets the Korean one. The same text goes by SMS/LMS when the
알림톡 cannot be delivered.
"""

from __future__ import annotations

import re

WHEN, PLACE, KIND, LINK = "#{일시}", "#{장소}", "#{상담}", "#{링크}"
VARIABLES = (WHEN, PLACE, KIND, LINK)

REMINDER = {
    "ko": (
        "[일터] 상담 예약 알림\n"
        "상담 예약을 알려 드려요.\n"
        "\n"
        "· 일시: #{일시}\n"
        "· 장소: #{장소}\n"
        "· 상담: #{상담}\n"
        "\n"
        "예약 확인·변경·취소는 아래 주소에서 할 수 있어요.\n"
        "#{링크}"
    ),
    "en": (
        "[Ilteo] Counselling reminder\n"
        "This is a reminder of your booking.\n"
        "\n"
        "· When: #{일시}\n"
        "· Where: #{장소}\n"
        "· Counselling: #{상담}\n"
        "\n"
        "See, change or cancel your booking here:\n"
        "#{링크}"
    ),
    "vi": (
        "[Ilteo] Nhắc lịch tư vấn\n"
        "Xin nhắc lịch tư vấn bạn đã đặt.\n"
        "\n"
        "· Thời gian: #{일시}\n"
        "· Địa điểm: #{장소}\n"
        "· Tư vấn: #{상담}\n"
        "\n"
        "Xem, đổi hoặc hủy lịch tại đây:\n"
        "#{링크}"
    ),
    "zh_Hans": (
        "[Ilteo] 咨询预约提醒\n"
        "提醒您已预约的咨询。\n"
        "\n"
        "· 时间：#{일시}\n"
        "· 地点：#{장소}\n"
        "· 咨询：#{상담}\n"
        "\n"
        "查看、更改或取消预约：\n"
        "#{링크}"
    ),
}
_VARIABLE = re.compile(r"#\{[^}]+\}")


def variables_in(template: str) -> set[str]:
    """The `#{…}` names a template asks for."""
    return set(_VARIABLE.findall(template))


def fill(template: str, values: dict[str, str]) -> str:
    """The template with each `#{name}` replaced, as Kakao fills it."""
    return _VARIABLE.sub(lambda match: values[match.group(0)], template)
