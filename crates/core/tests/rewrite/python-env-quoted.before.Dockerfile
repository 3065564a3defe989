FROM python:3.12
# Values with quotes: the builder stage must read them as this stage does.
ENV APP_HOME="/srv/my app" GREETING='$HOME stays as written' PORT=8000
ENV LOG_FORMAT %(levelname)s %(message)s
ENV WORKERS 4
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
