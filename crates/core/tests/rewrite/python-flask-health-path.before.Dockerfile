FROM python:3.12
WORKDIR /app
# Everything at once, the way the tutorial did it
COPY . .
RUN pip install -r requirements.txt
EXPOSE 5000
CMD python app.py
