package dev.mars.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.testing.Infra;
import dev.mars.testing.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Flink session cluster of separate processes, started by {@code
 * infra/bin/flink-cluster} as an operator would: a job manager, task managers added one by one
 * (each may be killed with {@code kill -9}), and the flink CLI to run, stop with a savepoint and
 * resume the shaded job jar.
 */
final class FlinkCluster implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
  private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

  private final Path dir = Infra.workDir("mars-flink-cluster");
  private final String script = Infra.script("flink-cluster").toString();
  private final String state = dir.resolve("cluster").toString();
  private final int restPort = Infra.freePort();
  private final int rpcPort = Infra.freePort();
  private final ServerProcess zooKeeper;
  private final java.util.Map<String, String> environment;
  private final List<ServerProcess> taskManagers = new ArrayList<>();
  private ServerProcess jobManager;
  private int clientRuns;
  private int jobManagerStarts;

  /** A cluster without high availability: its job manager is a single point of failure. */
  FlinkCluster() {
    this(false);
  }

  /**
   * @param highAvailability keep jobs and checkpoints in a ZooKeeper of its own, so that a job
   *     manager started again recovers them
   */
  FlinkCluster(boolean highAvailability) {
    if (highAvailability) {
      int port = Infra.freePort();
      zooKeeper =
          ServerProcess.start(
              "zookeeper",
              dir,
              List.of(
                  Infra.script("zookeeper-server").toString(),
                  dir.resolve("zookeeper").toString(),
                  String.valueOf(port)));
      zooKeeper.awaitReady(Duration.ofSeconds(60), () -> zooKeeperAnswers(port));
      environment = java.util.Map.of("FLINK_HA_ZOOKEEPER", "127.0.0.1:" + port);
    } else {
      zooKeeper = null;
      environment = java.util.Map.of();
    }
    startJobManager();
  }

  /** Starts the job manager (again, after {@link #killJobManager}). */
  void startJobManager() {
    jobManager =
        ServerProcess.start(
            "jobmanager-" + jobManagerStarts++,
            dir,
            List.of(script, "jobmanager", state, String.valueOf(restPort), String.valueOf(rpcPort)),
            environment);
    jobManager.awaitReady(Duration.ofSeconds(90), () -> rest("/overview") != null);
  }

  /** Kills the job manager with {@code kill -9}. */
  void killJobManager() {
    jobManager.kill();
  }

  private static boolean zooKeeperAnswers(int port) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.getOutputStream().write("ruok".getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
          .equals("imok");
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts a task manager with {@code slots} slots and waits until it has registered. */
  ServerProcess addTaskManager(int slots) {
    int before = taskManagers.size();
    ServerProcess taskManager =
        ServerProcess.start(
            "taskmanager-" + before,
            dir,
            List.of(script, "taskmanager", state, String.valueOf(slots)));
    taskManager.awaitReady(
        Duration.ofSeconds(90),
        () -> {
          JsonNode overview = rest("/overview");
          return overview != null && overview.get("taskmanagers").asInt() >= before + 1;
        });
    taskManagers.add(taskManager);
    return taskManager;
  }

  /** Submits the shaded job jar with the flink CLI; returns its job id. */
  String run(List<String> flinkOptions, List<String> jobArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "-d"));
    args.addAll(flinkOptions);
    args.add(System.getProperty("mars.job.jar"));
    args.addAll(jobArgs);
    String output = client(args);
    Matcher matcher = JOB_ID.matcher(output);
    if (!matcher.find()) {
      throw new AssertionError("no job id in the flink CLI's answer:\n" + output);
    }
    return matcher.group(1);
  }

  /** Stops the job with a savepoint (flink stop); returns the savepoint's path. */
  String stopWithSavepoint(String jobId) throws Exception {
    String output =
        client(List.of("stop", "--savepointPath", dir.resolve("savepoints").toString(), jobId));
    Matcher matcher = SAVEPOINT.matcher(output);
    if (!matcher.find()) {
      throw new AssertionError("no savepoint in the flink CLI's answer:\n" + output);
    }
    return matcher.group(1);
  }

  private String client(List<String> args) throws Exception {
    Path log = dir.resolve("client-" + clientRuns++ + ".log");
    List<String> command = new ArrayList<>(List.of(script, "client", state));
    command.addAll(args);
    Process client =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!client.waitFor(180, TimeUnit.SECONDS)) {
      client.destroyForcibly();
      throw new AssertionError("the flink CLI did not answer: " + args);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (client.exitValue() != 0) {
      throw new AssertionError("flink " + args.get(0) + " failed:\n" + output);
    }
    return output;
  }

  String jobState(String jobId) {
    JsonNode job = rest("/jobs/" + jobId);
    return job == null ? "UNKNOWN" : job.get("state").asText();
  }

  /**
   * The id of the job's latest completed checkpoint (ids grow across restarts and job managers), or
   * -1 before the first.
   */
  long latestCheckpoint(String jobId) {
    JsonNode checkpoints = rest("/jobs/" + jobId + "/checkpoints");
    return checkpoints == null
        ? -1
        : checkpoints.path("latest").path("completed").path("id").asLong(-1);
  }

  /** The job's parallelism, as its running vertices have it. */
  int parallelism(String jobId) {
    JsonNode job = rest("/jobs/" + jobId);
    int parallelism = 0;
    for (JsonNode vertex : job.path("vertices")) {
      parallelism = Math.max(parallelism, vertex.path("parallelism").asInt());
    }
    return parallelism;
  }

  /** The job's tasks (chained operators count as one). */
  int vertices(String jobId) {
    return rest("/jobs/" + jobId).path("vertices").size();
  }

  JsonNode rest(String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null; // not up (yet, or any more)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    taskManagers.forEach(ServerProcess::close);
    jobManager.close();
    if (zooKeeper != null) {
      zooKeeper.close();
    }
  }
}
