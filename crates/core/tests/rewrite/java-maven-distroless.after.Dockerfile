# syntax=docker/dockerfile:1
FROM maven:3-eclipse-temurin-21 AS builder
WORKDIR /app
COPY pom.xml ./
RUN --mount=type=cache,target=/root/.m2 mvn -B dependency:go-offline
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn package -DskipTests
RUN jlink --add-modules "$(jdeps --ignore-missing-deps -q --multi-release 21 --print-module-deps /app/target/demo-0.0.1.jar),jdk.crypto.ec,jdk.unsupported" \
    --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
    --output /opt/java-runtime

FROM gcr.io/distroless/java-base-debian12:nonroot
WORKDIR /app
ENV JAVA_HOME=/opt/java-runtime PATH="/opt/java-runtime/bin:$PATH"
COPY --from=builder /opt/java-runtime /opt/java-runtime
COPY --from=builder /app/target/demo-0.0.1.jar /app/target/demo-0.0.1.jar
USER 10001
EXPOSE 8080
CMD ["java", "-jar", "target/demo-0.0.1.jar"]
