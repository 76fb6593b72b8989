package app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** Starts the API on $HOST:$PORT (default 0.0.0.0:8080) with the JDK's own HTTP server. */
public final class Main {
  private Main() {}

  /** A server for a fresh, empty Api on `port` (0: any free one); not yet started. */
  public static HttpServer server(String host, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    Api api = new Api();
    server.createContext("/", exchange -> {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Api.Reply reply = api.handle(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), new String(body, "UTF-8"));
        byte[] out = reply.body().getBytes("UTF-8");
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), reply.status() == 204 ? -1 : out.length);
        if (reply.status() != 204) exchange.getResponseBody().write(out);
      }
    });
    server.setExecutor(Executors.newFixedThreadPool(8));
    return server;
  }

  public static void main(String[] args) throws IOException {
    String host = System.getenv().getOrDefault("HOST", "0.0.0.0");
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    server(host, port).start();
    System.out.println(Api.NAME + " listening on " + host + ":" + port);
  }
}
