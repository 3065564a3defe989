FROM python:3.13
WORKDIR /app
COPY . .
RUN pip install uv && uv sync --frozen --no-dev
CMD ["python", "-m", "worker"]
