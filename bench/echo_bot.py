"""The benchmark's baseline: a bare echo bot wired like python-telegram-bot's customwebhookbot.

    python bench/echo_bot.py --transport httpx|aiohttp --token T --api-url URL \
        --port P --webhook-url URL --secret S

PTB runs without an Updater under our own aiohttp server; the webhook puts the Update into
`application.update_queue` and answers 200 at once, and `concurrent_updates(True)` lets the
handlers run side by side. With `httpx` the builder makes PTB's stock `HTTPXRequest` (its
defaults, as the example has them); with `aiohttp` it uses ilteo's `AiohttpRequest`.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import signal

from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def buttons(data: str) -> InlineKeyboardMarkup:
    """A keyboard shaped like ilteo's replies: the echoed value, then a way back and the menu."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(data[:32], callback_data=data[:64])],
            [
                InlineKeyboardButton("← back", callback_data="echo:back"),
                InlineKeyboardButton("menu", callback_data="echo:menu"),
            ],
        ]
    )


async def echo_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back, with buttons."""
    text = update.message.text
    await update.message.reply_text(text, reply_markup=buttons(text))


async def echo_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop the button's spinner, then send its data back in a message with buttons, as
    ilteo answers a button press (answerCallbackQuery and a new message with a keyboard)."""
    query = update.callback_query
    await query.answer()
    await context.bot.send_message(
        update.effective_user.id, query.data, reply_markup=buttons(query.data)
    )


def build_application(args: argparse.Namespace) -> Application:
    builder = (
        Application.builder()
        .token(args.token)
        .base_url(args.api_url)
        .updater(None)
        .concurrent_updates(True)
    )
    if args.transport == "aiohttp":
        from bot.channels.telegram.transport import AiohttpRequest

        builder = builder.request(AiohttpRequest())
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo_text))
    application.add_handler(CallbackQueryHandler(echo_button))
    return application


def web_app(application: Application, secret: str) -> web.Application:
    async def telegram(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secrets.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403)
        update = Update.de_json(data=await request.json(), bot=application.bot)
        await application.update_queue.put(update)
        return web.Response()

    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post(WEBHOOK_PATH, telegram)
    app.router.add_get("/healthz", healthz)
    return app


async def main(args: argparse.Namespace) -> None:
    application = build_application(args)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    runner = web.AppRunner(web_app(application, args.secret), access_log=None)
    async with application:
        await application.bot.set_webhook(
            url=args.webhook_url, secret_token=args.secret, allowed_updates=Update.ALL_TYPES
        )
        await application.start()
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", args.port, backlog=1024).start()
        print(f"echo bot ({args.transport}) is running", flush=True)
        try:
            await stopping.wait()
        finally:
            await runner.cleanup()
            await application.stop()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transport", choices=("httpx", "aiohttp"), required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--webhook-url", required=True)
    parser.add_argument("--secret", required=True)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
