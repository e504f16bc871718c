"""gunicorn's settings for Borgingshuis: `gunicorn -c borgingshuis/gunicorn_conf.py
borgingshuis.wsgi`. Access and error log on stdout as JSON lines, with the tokens of
respondents' and colleagues' links masked (borgingshuis/logs.py). The bind address comes from
the command line or GUNICORN_CMD_ARGS as usual; workers too, else two per core."""

import json
import logging
import os
import sys
from datetime import UTC, datetime

from gunicorn.glogging import Logger

from borgingshuis.logs import JsonFormatter, MaskTokensFilter, mask_tokens

accesslog = "-"
errorlog = "-"
# Behind the proxy: the real address comes from X-Forwarded-For (see FORWARDED_FOR_PROXIES).
forwarded_allow_ips = "127.0.0.1"
# Two per core: a sync worker waits on PostgreSQL for part of each request, and with only one
# per core a short stall of the machine queued the autosaves for seconds (scripts/load_autosave.py).
workers = 2 * (os.cpu_count() or 1)


class MaskingLogger(Logger):
    """gunicorn's logger with a JSON access line per request whose path, query, request line
    and referer are masked. The error log gets the same JSON formatter."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stderr:
                handler.setStream(sys.stdout)  # errorlog "-": stdout too, as the app's logs
            handler.setFormatter(JsonFormatter())
            handler.addFilter(MaskTokensFilter())

    def access(self, resp, req, environ, request_time):
        """One JSON line per request. Building it is inside the `try` too: gunicorn also logs
        requests it refused itself (handle_error), with an environ that lacks the path, and
        an exception here would end the worker (exit 255) instead of one log line."""
        if not self.access_log_enabled:
            return
        try:
            self.access_log.info(
                access_line(self.atoms(resp, req, environ, request_time), request_time)
            )
        except Exception:  # as gunicorn's own access(): a log line never fails a request
            logging.getLogger(__name__).exception("access log")


def access_line(atoms: dict, request_time) -> str:
    """The access log entry as JSON, link tokens masked. A request gunicorn refused before
    Django saw it may lack a path: then the raw request target stands in for it."""
    raw_path, _, raw_query = str(atoms.get("{raw_uri}e") or "").partition("?")
    entry = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "level": "INFO",
        "logger": "gunicorn.access",
        "remote": atoms.get("h"),
        "method": atoms.get("m"),
        "path": mask_tokens(atoms.get("U") or raw_path),
        "query": mask_tokens(atoms.get("q") or raw_query),
        "status": atoms.get("s"),
        "bytes": atoms.get("B"),
        "duration_ms": round(request_time.total_seconds() * 1000, 1),
        "referer": mask_tokens(atoms.get("f")),
        "agent": atoms.get("a"),
    }
    return json.dumps(entry, ensure_ascii=False, default=str)


logger_class = MaskingLogger
