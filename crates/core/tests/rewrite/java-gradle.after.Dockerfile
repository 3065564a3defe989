FROM gradle:jdk21 AS builder
WORKDIR /home/gradle/project
COPY build.gradle settings.gradle* ./
RUN gradle dependencies --no-daemon
COPY . .
RUN gradle build --no-daemon
RUN jlink --add-modules "$(jdeps --ignore-missing-deps -q --multi-release 21 --print-module-deps /home/gradle/project/build/libs/app.jar),jdk.crypto.ec,jdk.unsupported" \
    --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
    --output /opt/java-runtime

FROM debian:bookworm-slim
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /home/gradle/project && chown 10001:10001 /home/gradle/project
WORKDIR /home/gradle/project
ENV JAVA_HOME=/opt/java-runtime PATH="/opt/java-runtime/bin:$PATH"
COPY --from=builder /opt/java-runtime /opt/java-runtime
COPY --from=builder /home/gradle/project/build/libs/app.jar /home/gradle/project/build/libs/app.jar
USER 10001
CMD ["java", "-jar", "build/libs/app.jar"]
