"""What a counsellor does in a conversation of the inbox: claim it (one conditional update: of
two pressing at once one wins, the other is told), reply (her own words or a saved answer, sent
in the person's language), send the booking link, transfer it to a colleague, close it (back to
the bot). Each is a form that redirects back to the conversation with a line saying what
happened; the storage writes the audit row and the live event in the same transaction, and a
reply or a close goes to her chat through `handlers.flows.handoff.delivery` (the outbox for
Telegram and Kakao's Event API; the web chat's live stream or her next message otherwise)."""

from __future__ import annotations

from aiohttp import web

from bot.admin.guard import Staffer
from handlers.flows.handoff.delivery import close_by_counsellor, deliver_staff_message
from handlers.i18n import N_
from storage.handoff_records import Handoff
from storage.records import StaffIdentity

TEXT_MAX = 4000
# key: (what the counsellor sees, what is sent, in her language).
SAVED_ANSWERS = {
    "hello": ("인사", N_("Hello, I am a counsellor of the centre. How can I help you?")),
    "moment": ("잠시만요", N_("Please wait a moment. I am looking into it for you.")),
    "visit": (
        "방문 안내",
        N_("It is easier to talk about this in person. Please come to the centre with your ID."),
    ),
    "goodbye": (
        "마무리",
        N_("Thank you. If you need anything else, ask for a counsellor again at any time."),
    ),
}
NOT_MOVED = "넘기지 못했어요. 맡은 상담인지, 그 상담사가 이 센터 사람을 볼 수 있는지 봐 주세요."
BOOKING_LINK = N_("You can book a counselling time here: {link}")


def identity_of(staffer: Staffer) -> StaffIdentity:
    """The storage's view of the signed-in counsellor (her row, role and centres)."""
    assert staffer.id is not None
    return StaffIdentity(staffer.id, staffer.role, staffer.scope, staffer.session.version)


class InboxActions:
    def __init__(self, admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        action = self.admin.guard.action("staff")
        one = r"/admin/inbox/{id:[0-9]{1,18}}"
        return [
            web.post(one + "/claim", action(self.claim)),
            web.post(one + "/reply", action(self.reply)),
            web.post(one + "/booking-link", action(self.booking_link)),
            web.post(one + "/transfer", action(self.transfer)),
            web.post(one + "/close", action(self.close)),
        ]

    async def claim(self, request: web.Request, staffer: Staffer, _form) -> web.Response:
        handoff_id, who = _handoff_id(request), identity_of(staffer)
        async with self.admin.uow() as uow:
            await _ours(uow, handoff_id, who)
            won = await uow.handoffs.claim(handoff_id, who, self.admin.clock())
            await uow.commit()
        if not won:
            return self._back(
                handoff_id,
                "다른 상담사가 먼저 맡았어요. 목록에서 다른 요청을 골라 주세요.",
                "error",
            )
        return self._back(handoff_id, "상담을 맡았어요. 답장을 보내 주세요.", anchor="reply")

    async def reply(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        handoff_id = _handoff_id(request)
        saved = SAVED_ANSWERS.get(str(form.get("saved", "")))
        text = str(form.get("text", "")).strip()
        if saved is not None:
            return await self._send(
                handoff_id, staffer, lambda language: self._in(language, saved[1])
            )
        if not text:
            return self._back(handoff_id, "보낼 내용을 써 주세요.", "error", "reply")
        if len(text) > TEXT_MAX:
            return self._back(
                handoff_id, f"{TEXT_MAX:,}자 이하로 써 주세요. 보내지 않았어요.", "error", "reply"
            )
        return await self._send(handoff_id, staffer, lambda _language: text)

    async def booking_link(self, request: web.Request, staffer: Staffer, _form) -> web.Response:
        link = f"{self.admin.base_url}/?do=menu:booking"

        def words(language: str) -> str:
            return self._in(language, BOOKING_LINK).format(link=link)

        return await self._send(_handoff_id(request), staffer, words)

    async def _send(self, handoff_id: int, staffer: Staffer, words) -> web.Response:
        who = identity_of(staffer)
        async with self.admin.uow() as uow:
            handoff = await _ours(uow, handoff_id, who)
            chat = await uow.users.get(handoff.chat_id)
            language = (chat.language if chat else None) or "ko"
            sent = await deliver_staff_message(
                uow, handoff_id, who, words(language), self.admin.clock(), self.admin.flows
            )
            await uow.commit()
        if sent is None:
            return self._back(
                handoff_id,
                "이 상담에는 지금 답장할 수 없어요. 맡은 상담인지, 끝나지 않았는지 봐 주세요.",
                "error",
            )
        return self._back(handoff_id, "보냈어요.", anchor="reply")

    async def transfer(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        handoff_id, who = _handoff_id(request), identity_of(staffer)
        to = str(form.get("to", ""))
        if not (to.isascii() and to.isdigit() and len(to) <= 18):
            return self._back(handoff_id, "넘길 상담사를 골라 주세요.", "error")
        async with self.admin.uow() as uow:
            await _ours(uow, handoff_id, who)
            moved = await uow.handoffs.transfer(handoff_id, who, int(to), self.admin.clock())
            names = dict(await colleagues(uow))
            await uow.commit()
        if not moved:
            return self._back(handoff_id, NOT_MOVED, "error")
        return self._back(handoff_id, f"{names.get(int(to), '다른 상담사')}님에게 넘겼어요.")

    async def close(self, request: web.Request, staffer: Staffer, _form) -> web.Response:
        handoff_id, who = _handoff_id(request), identity_of(staffer)
        async with self.admin.uow() as uow:
            await _ours(uow, handoff_id, who)
            closed = await close_by_counsellor(uow, handoff_id, who, self.admin.clock())
            await uow.commit()
        if closed is None:
            return self._back(handoff_id, "이미 끝났거나 끝낼 수 없는 상담이에요.", "error")
        return self._back(handoff_id, "상담을 끝냈어요. 이제 챗봇이 답해요.")

    def _in(self, language: str, msgid: str) -> str:
        translate = self.admin.flows.translator.gettext  # (pybabel extracts gettext() calls)
        return translate(language, msgid)

    def _back(
        self, handoff_id: int, message: str, kind: str = "ok", anchor: str = ""
    ) -> web.Response:
        address = f"/admin/inbox/{handoff_id}" + (f"#{anchor}" if anchor else "")
        return self.admin.redirect(address, message, kind)


async def colleagues(uow) -> list[tuple[int, str]]:
    """Every web login that may sign in: (staff id, login)."""
    members = await uow.admin_staff.everyone()
    return [(m.id, m.web_login) for m in members if m.web_login and m.disabled_at is None]


async def _ours(uow, handoff_id: int, who: StaffIdentity) -> Handoff:
    """The handoff, if it is of her centres; another centre's is answered as one not there."""
    handoff = await uow.handoffs.get(handoff_id, who)
    if handoff is None:
        raise web.HTTPNotFound(text="그런 상담이 없어요.")
    return handoff


def _handoff_id(request: web.Request) -> int:
    return int(request.match_info["id"])
