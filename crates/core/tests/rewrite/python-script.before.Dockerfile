FROM python
WORKDIR /job
COPY . .
RUN pip install requests beautifulsoup4
CMD ["python", "scrape.py"]
