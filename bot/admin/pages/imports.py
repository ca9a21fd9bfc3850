"""Importing the public-data files from the browser: the upload is imported in the background
(all rows or none, as `ilteo import` does) and its page shows a progress bar whose figures
static/progress.js asks `…/status` for every second (with a pause button), and the report once
it is ready.

Jobs are kept in this process's memory (the last few), so the page is best read from the process
that took the upload; the import itself is in the database for every process.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath

import structlog
from aiohttp import web

from bot.admin.contract import Admin
from bot.admin.guard import Staffer
from bot.http import MAX_BODY
from handlers.importing import KINDS, ImportReport, UnreadableFile, import_file

KEPT = 20
STAGES = {
    "checking": "확인하는 중",
    "saving centres": "센터 저장 중",
    "saving programmes": "프로그램 저장 중",
    "saving cohorts": "기수 저장 중",
    "saving bus_zones": "버스 권역 저장 중",
    "saving bus_sites": "버스 장소 저장 중",
    "saving bus_visits": "버스 방문 저장 중",
}
KIND_LABELS = {
    "hrd-courses": "고용24(HRD-Net) 훈련과정",
    "saeil-centres": "새일센터 목록 (공공데이터포털)",
    "saeil-courses": "새일센터 교육과정 (공공데이터포털)",
    "bus-visits": "상담 버스 일정",
    "outcomes": "참여자 교육 성과 (일터 양식)",
}
log = structlog.get_logger(__name__)


@dataclass
class ImportJob:
    id: str
    file_name: str
    kind: str | None
    login: str
    started: datetime
    state: str = "running"  # running, imported, rejected, unreadable, failed
    stage: str = "대기 중"
    done: int = 0
    total: int = 0
    report: ImportReport | None = None
    message: str | None = None
    task: asyncio.Task | None = field(default=None, repr=False)

    @property
    def percent(self) -> int:
        if self.state != "running":
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    def progress(self, stage: str, done: int, total: int) -> None:
        self.stage = STAGES.get(stage, stage)
        self.done, self.total = done, total


class ImportPages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin
        self.jobs: dict[str, ImportJob] = {}

    def routes(self) -> list[web.RouteDef]:
        page, action = self.admin.guard.page("admin"), self.admin.guard.action("admin")
        return [
            web.get("/admin/import", page(self.form)),
            web.post("/admin/import", action(self.upload)),
            web.get(r"/admin/import/{job:[0-9a-f]{32}}", page(self.show)),
            web.get(r"/admin/import/{job:[0-9a-f]{32}}/status", page(self.status)),
        ]

    async def form(self, request: web.Request, staffer: Staffer, error: str | None = None):
        jobs = sorted(self.jobs.values(), key=lambda job: job.started, reverse=True)
        return self.admin.render(
            request,
            staffer,
            "import.html",
            status=400 if error else 200,
            error=error,
            jobs=jobs,
            kinds=list(KIND_LABELS.items()),
            max_kib=MAX_BODY // 1024,
        )

    async def upload(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        upload = form.get("file")
        kind = str(form.get("kind", "")) or None
        if not isinstance(upload, web.FileField) or not upload.filename:
            return await self.form(request, staffer, "올릴 파일을 골라 주세요.")
        if kind is not None and kind not in KINDS:
            return await self.form(request, staffer, "파일 종류를 목록에서 골라 주세요.")
        name = PurePath(upload.filename).name[:100]
        job = ImportJob(uuid.uuid4().hex, name, kind, staffer.login, self.admin.clock())
        data = upload.file.read()
        job.task = self.admin.in_background(self._run(job, data, staffer))
        self._keep(job)
        return self.admin.redirect(f"/admin/import/{job.id}")

    def _keep(self, job: ImportJob) -> None:
        self.jobs[job.id] = job
        for old in sorted(self.jobs.values(), key=lambda j: j.started)[:-KEPT]:
            if old.state != "running":
                del self.jobs[old.id]

    async def _run(self, job: ImportJob, data: bytes, staffer: Staffer) -> None:
        with tempfile.TemporaryDirectory(prefix="ilteo-import-") as folder:
            path = Path(folder) / (job.file_name or "upload.csv")
            path.write_bytes(data)
            try:
                await self._import(job, path, staffer)
            except UnreadableFile as error:
                job.state, job.message = "unreadable", str(error)
            except Exception:  # the page says so; the log has the details
                log.exception("admin_import_failed", job=job.id)
                job.state, job.message = (
                    "failed",
                    "가져오는 중에 오류가 났어요. 아무것도 바뀌지 않았어요.",
                )

    async def _import(self, job: ImportJob, path: Path, staffer: Staffer) -> None:
        async with self.admin.uow() as uow:
            report = await import_file(
                uow, path, job.kind, self.admin.tz, job.progress, now=self.admin.clock()
            )
            tallies = {table: vars(tally) for table, tally in report.tallies.items()}
            await self.admin.audit(
                uow,
                staffer,
                "import" if report.ok else "import.rejected",
                file=job.file_name,
                kind=report.kind,
                rows=report.rows,
                bad_rows=report.bad_rows,
                tallies=tallies,
            )
            await uow.commit()  # a rejected file wrote nothing but its audit row
        job.report, job.state = report, "imported" if report.ok else "rejected"

    def _job(self, request: web.Request) -> ImportJob:
        job = self.jobs.get(request.match_info["job"])
        if job is None:
            raise web.HTTPNotFound(
                text="그런 가져오기 작업이 없어요 (서버가 다시 시작됐을 수 있어요)."
            )
        return job

    async def show(self, request: web.Request, staffer: Staffer) -> web.Response:
        job = self._job(request)
        return self.admin.render(
            request, staffer, "import_job.html", job=job, kind_labels=KIND_LABELS
        )

    async def status(self, request: web.Request, staffer: Staffer) -> web.Response:
        job = self._job(request)
        return web.json_response(
            {
                "state": job.state,
                "stage": job.stage,
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
            },
            headers={"Cache-Control": "no-store"},
        )
