FROM python:latest
WORKDIR /code
COPY . /code
RUN pip install --upgrade pip && pip install -r /code/requirements.txt
CMD uvicorn main:app --host 0.0.0.0 --port 8000
