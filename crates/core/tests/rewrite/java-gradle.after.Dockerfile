FROM gradle:jdk21 AS builder
WORKDIR /home/gradle/project
COPY build.gradle settings.gradle* ./
RUN gradle dependencies --no-daemon
COPY . .
RUN gradle build --no-daemon

FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /home/gradle/project && chown 10001:10001 /home/gradle/project
WORKDIR /home/gradle/project
COPY --from=builder /home/gradle/project/build/libs/app.jar /home/gradle/project/build/libs/app.jar
USER 10001
CMD ["java", "-jar", "build/libs/app.jar"]
