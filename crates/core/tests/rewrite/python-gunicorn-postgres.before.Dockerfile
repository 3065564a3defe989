FROM python:3.11

ENV APP_HOME=/srv/app
WORKDIR /srv/app

# psycopg2 builds against libpq
RUN apt-get update
RUN apt-get install -y gcc libpq-dev

COPY . .
RUN pip install -r requirements.txt

EXPOSE 8000
CMD gunicorn --bind 0.0.0.0:8000 mysite.wsgi:application
