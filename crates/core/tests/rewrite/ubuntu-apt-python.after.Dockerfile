FROM ubuntu:22.04
RUN apt-get update && apt-get install --no-install-recommends -y python3 python3-pip \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /app && chown 10001:10001 /app
COPY --chown=10001:10001 requirements.txt ./
RUN pip3 install --no-cache-dir -r requirements.txt
COPY --chown=10001:10001 . .
USER 10001
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
CMD ["python3", "app.py"]
