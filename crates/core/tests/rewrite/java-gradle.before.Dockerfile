FROM gradle:jdk21
WORKDIR /home/gradle/project
COPY . .
RUN gradle build --no-daemon
CMD ["java", "-jar", "build/libs/app.jar"]
