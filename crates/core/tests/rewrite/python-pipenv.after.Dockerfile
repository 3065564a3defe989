# syntax=docker/dockerfile:1
FROM python:3.11-slim AS builder
WORKDIR /usr/src/app
RUN --mount=type=cache,target=/root/.cache/pip pip install pipenv \
 && python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" VIRTUAL_ENV=/opt/venv UV_PROJECT_ENVIRONMENT=/opt/venv
COPY Pipfile Pipfile.lock* ./
RUN pipenv install --system --deploy

FROM python:3.11-slim
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /usr/src/app && chown 10001:10001 /usr/src/app
WORKDIR /usr/src/app
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" VIRTUAL_ENV=/opt/venv
COPY --chown=10001:10001 . .
USER 10001
EXPOSE 5000
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:5000/health', timeout=3)"]
CMD ["flask", "run", "--host=0.0.0.0"]
