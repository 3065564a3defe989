# syntax=docker/dockerfile:1
# A long, naive Dockerfile: many settings, labels and comments around a small app.
FROM python:3.12-slim AS builder
WORKDIR /app
ENV SETTING_0=value-0
ENV SETTING_1=value-1
ENV SETTING_2=value-2
ENV SETTING_3=value-3
ENV SETTING_4=value-4
ENV SETTING_5=value-5
ENV SETTING_6=value-6
ENV SETTING_7=value-7
ENV SETTING_8=value-8
ENV SETTING_9=value-9
ENV SETTING_10=value-10
ENV SETTING_11=value-11
ENV SETTING_12=value-12
ENV SETTING_13=value-13
ENV SETTING_14=value-14
ENV SETTING_15=value-15
ENV SETTING_16=value-16
ENV SETTING_17=value-17
ENV SETTING_18=value-18
ENV SETTING_19=value-19
ENV SETTING_20=value-20
ENV SETTING_21=value-21
ENV SETTING_22=value-22
ENV SETTING_23=value-23
ENV SETTING_24=value-24
ENV SETTING_25=value-25
ENV SETTING_26=value-26
ENV SETTING_27=value-27
ENV SETTING_28=value-28
ENV SETTING_29=value-29
ENV SETTING_30=value-30
ENV SETTING_31=value-31
ENV SETTING_32=value-32
ENV SETTING_33=value-33
ENV SETTING_34=value-34
ENV SETTING_35=value-35
ENV SETTING_36=value-36
ENV SETTING_37=value-37
ENV SETTING_38=value-38
ENV SETTING_39=value-39
# system packages for the database driver
RUN apt-get update \
 && apt-get install --no-install-recommends -y gcc libpq-dev curl \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv --without-pip /opt/venv
ENV PATH="/opt/venv/bin:$PATH" VIRTUAL_ENV=/opt/venv PIP_PYTHON=/opt/venv/bin/python
COPY requirements.txt ./
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt

FROM python:3.12-slim

RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /app && chown 10001:10001 /app
WORKDIR /app

# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# (kept from the original file)
# setting 0: read by the app at start-up
ENV SETTING_0=value-0
# setting 1: read by the app at start-up
ENV SETTING_1=value-1
# setting 2: read by the app at start-up
ENV SETTING_2=value-2
# setting 3: read by the app at start-up
ENV SETTING_3=value-3
# setting 4: read by the app at start-up
ENV SETTING_4=value-4
# setting 5: read by the app at start-up
ENV SETTING_5=value-5
# setting 6: read by the app at start-up
ENV SETTING_6=value-6
# setting 7: read by the app at start-up
ENV SETTING_7=value-7
# setting 8: read by the app at start-up
ENV SETTING_8=value-8
# setting 9: read by the app at start-up
ENV SETTING_9=value-9
# setting 10: read by the app at start-up
ENV SETTING_10=value-10
# setting 11: read by the app at start-up
ENV SETTING_11=value-11
# setting 12: read by the app at start-up
ENV SETTING_12=value-12
# setting 13: read by the app at start-up
ENV SETTING_13=value-13
# setting 14: read by the app at start-up
ENV SETTING_14=value-14
# setting 15: read by the app at start-up
ENV SETTING_15=value-15
# setting 16: read by the app at start-up
ENV SETTING_16=value-16
# setting 17: read by the app at start-up
ENV SETTING_17=value-17
# setting 18: read by the app at start-up
ENV SETTING_18=value-18
# setting 19: read by the app at start-up
ENV SETTING_19=value-19
# setting 20: read by the app at start-up
ENV SETTING_20=value-20
# setting 21: read by the app at start-up
ENV SETTING_21=value-21
# setting 22: read by the app at start-up
ENV SETTING_22=value-22
# setting 23: read by the app at start-up
ENV SETTING_23=value-23
# setting 24: read by the app at start-up
ENV SETTING_24=value-24
# setting 25: read by the app at start-up
ENV SETTING_25=value-25
# setting 26: read by the app at start-up
ENV SETTING_26=value-26
# setting 27: read by the app at start-up
ENV SETTING_27=value-27
# setting 28: read by the app at start-up
ENV SETTING_28=value-28
# setting 29: read by the app at start-up
ENV SETTING_29=value-29
# setting 30: read by the app at start-up
ENV SETTING_30=value-30
# setting 31: read by the app at start-up
ENV SETTING_31=value-31
# setting 32: read by the app at start-up
ENV SETTING_32=value-32
# setting 33: read by the app at start-up
ENV SETTING_33=value-33
# setting 34: read by the app at start-up
ENV SETTING_34=value-34
# setting 35: read by the app at start-up
ENV SETTING_35=value-35
# setting 36: read by the app at start-up
ENV SETTING_36=value-36
# setting 37: read by the app at start-up
ENV SETTING_37=value-37
# setting 38: read by the app at start-up
ENV SETTING_38=value-38
# setting 39: read by the app at start-up
ENV SETTING_39=value-39
LABEL org.example.note0="note 0"
LABEL org.example.note1="note 1"
LABEL org.example.note2="note 2"
LABEL org.example.note3="note 3"
LABEL org.example.note4="note 4"
LABEL org.example.note5="note 5"
LABEL org.example.note6="note 6"
LABEL org.example.note7="note 7"
LABEL org.example.note8="note 8"
LABEL org.example.note9="note 9"
LABEL org.example.note10="note 10"
LABEL org.example.note11="note 11"
LABEL org.example.note12="note 12"
LABEL org.example.note13="note 13"
LABEL org.example.note14="note 14"
LABEL org.example.note15="note 15"
LABEL org.example.note16="note 16"
LABEL org.example.note17="note 17"
LABEL org.example.note18="note 18"
LABEL org.example.note19="note 19"
LABEL org.example.note20="note 20"
LABEL org.example.note21="note 21"
LABEL org.example.note22="note 22"
LABEL org.example.note23="note 23"
LABEL org.example.note24="note 24"
LABEL org.example.note25="note 25"
LABEL org.example.note26="note 26"
LABEL org.example.note27="note 27"
LABEL org.example.note28="note 28"
LABEL org.example.note29="note 29"
LABEL org.example.note30="note 30"
LABEL org.example.note31="note 31"
LABEL org.example.note32="note 32"
LABEL org.example.note33="note 33"
LABEL org.example.note34="note 34"
LABEL org.example.note35="note 35"
LABEL org.example.note36="note 36"
LABEL org.example.note37="note 37"
LABEL org.example.note38="note 38"
LABEL org.example.note39="note 39"

# system packages for the database driver
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl libpq5 libssl3 \
 && rm -rf /var/lib/apt/lists/*

COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" VIRTUAL_ENV=/opt/venv
# step 0 of the old deployment notes
# step 1 of the old deployment notes
# step 2 of the old deployment notes
# step 3 of the old deployment notes
# step 4 of the old deployment notes
# step 5 of the old deployment notes
# step 6 of the old deployment notes
# step 7 of the old deployment notes
# step 8 of the old deployment notes
# step 9 of the old deployment notes
# step 10 of the old deployment notes
# step 11 of the old deployment notes
# step 12 of the old deployment notes
# step 13 of the old deployment notes
# step 14 of the old deployment notes
# step 15 of the old deployment notes
# step 16 of the old deployment notes
# step 17 of the old deployment notes
# step 18 of the old deployment notes
# step 19 of the old deployment notes
# step 20 of the old deployment notes
# step 21 of the old deployment notes
# step 22 of the old deployment notes
# step 23 of the old deployment notes
# step 24 of the old deployment notes
# step 25 of the old deployment notes
# step 26 of the old deployment notes
# step 27 of the old deployment notes
# step 28 of the old deployment notes
# step 29 of the old deployment notes
COPY --chown=10001:10001 . .

USER 10001
EXPOSE 8000
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ["curl", "-fsS", "-o", "/dev/null", "http://localhost:8000/health"]
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
