# syntax=docker/dockerfile:1
# A shop API whose image describes itself right under its base.
FROM python:3.11-slim AS builder
WORKDIR /srv
RUN python -m venv --without-pip /opt/venv
ENV PATH="/opt/venv/bin:$PATH" VIRTUAL_ENV=/opt/venv PIP_PYTHON=/opt/venv/bin/python
RUN --mount=type=cache,target=/root/.cache/pip pip install flask gunicorn

FROM python:3.11-slim
LABEL org.opencontainers.image.source="https://example.com/shop"
LABEL org.opencontainers.image.authors="team@example.com"
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /srv && chown 10001:10001 /srv
WORKDIR /srv
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" VIRTUAL_ENV=/opt/venv
COPY --chown=10001:10001 . .
USER 10001
EXPOSE 8080
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8080/health', timeout=3)"]
CMD ["gunicorn", "-b", "0.0.0.0:8080", "shop:app"]
