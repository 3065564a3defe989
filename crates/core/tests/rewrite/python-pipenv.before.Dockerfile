FROM python:3.11
WORKDIR /usr/src/app
COPY . .
RUN pip install pipenv && pipenv install --system --deploy
EXPOSE 5000
CMD ["flask", "run", "--host=0.0.0.0"]
