# syntax=docker/dockerfile:1
FROM maven:3-eclipse-temurin-21 AS builder
WORKDIR /app
COPY pom.xml ./
RUN --mount=type=cache,target=/root/.m2 mvn -B dependency:go-offline
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn package -DskipTests

FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /app && chown 10001:10001 /app
WORKDIR /app
COPY --from=builder /app/target/demo-0.0.1.jar /app/target/demo-0.0.1.jar
USER 10001
EXPOSE 8080
CMD ["java", "-jar", "target/demo-0.0.1.jar"]
