"""Reminders to a person's phone: KakaoTalk 알림톡 with SMS/LMS fallback, through a provider
(SOLAPI), paced at SMS_RATE, only within SMS_HOURS, with delivery reports at
POST /sms/report/<secret>."""

from bot.channels.sms.notifier import PhoneNotifier
from bot.channels.sms.reports import DeliveryReports
from bot.channels.sms.solapi import Solapi

__all__ = ["DeliveryReports", "PhoneNotifier", "Solapi"]
