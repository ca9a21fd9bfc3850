"""The KakaoTalk channel: a Kakao i Open Builder skill server (skill request -> Incoming, Reply ->
skill response within Kakao's limits) and an Event API notifier for messages the bot starts."""

from bot.channels.kakao.channel import KakaoChannel
from bot.channels.kakao.notifier import EventApi, KakaoNotifier

__all__ = ["EventApi", "KakaoChannel", "KakaoNotifier"]
