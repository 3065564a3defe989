# syntax=docker/dockerfile:1
FROM python:3.14-slim AS builder
WORKDIR /code
RUN python -m venv --without-pip /opt/venv
ENV PATH="/opt/venv/bin:$PATH" VIRTUAL_ENV=/opt/venv PIP_PYTHON=/opt/venv/bin/python
COPY requirements.txt /code/
RUN --mount=type=cache,target=/root/.cache/pip pip install --upgrade pip && pip install -r /code/requirements.txt

FROM python:3.14-slim
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /code && chown 10001:10001 /code
WORKDIR /code
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" VIRTUAL_ENV=/opt/venv
COPY --chown=10001:10001 . /code
USER 10001
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health', timeout=3)"]
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
