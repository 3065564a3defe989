FROM python:3.12-slim
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /app && chown 10001:10001 /app
ENV PYTHONUNBUFFERED 1
WORKDIR /app
RUN apt-get update && apt-get install --no-install-recommends -y default-libmysqlclient-dev build-essential pkg-config \
 && rm -rf /var/lib/apt/lists/*
COPY --chown=10001:10001 requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=10001:10001 . .
USER 10001
EXPOSE 8000
ENV PYTHONDONTWRITEBYTECODE=1
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "shop.wsgi"]
