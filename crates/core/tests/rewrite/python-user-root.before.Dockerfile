FROM python:3.12
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# The tutorial said to run the app as root
USER root
CMD ["python", "app.py"]
