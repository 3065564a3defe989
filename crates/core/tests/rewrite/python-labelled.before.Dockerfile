# A shop API whose image describes itself right under its base.
FROM python:3.11
LABEL org.opencontainers.image.source="https://example.com/shop"
MAINTAINER team@example.com
WORKDIR /srv
COPY . .
RUN pip install flask gunicorn
EXPOSE 8080
CMD ["gunicorn", "-b", "0.0.0.0:8080", "shop:app"]
