//! The Dockerfile a new visitor starts from.

/// A naive single-stage Python web-app Dockerfile, with the mistakes a first Dockerfile
/// usually has, so every later lesson has something to teach.
pub const NAIVE_PYTHON: &str = r#"# A first Dockerfile for a FastAPI app, written the way most start out.
FROM python:3.12

MAINTAINER dev@example.com

RUN apt-get update
RUN apt-get install -y gcc libpq-dev curl

WORKDIR /app
COPY . .
RUN pip install -r requirements.txt

ENV PORT 8000
EXPOSE 8000
CMD gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:$PORT app.main:app
"#;
