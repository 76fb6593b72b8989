# Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.
variable "redis_image" {
  description = "Redis image"
  type        = string
  default     = "redis:7"
}

resource "kubernetes_deployment" "redis" {
  metadata {
    name      = "redis"
    namespace = kubernetes_namespace.app.metadata[0].name
  }

  spec {
    replicas = 1

    selector {
      match_labels = { app = "${var.name}-redis" }
    }

    template {
      metadata {
        labels = { app = "${var.name}-redis" }
      }

      spec {
        container {
          name  = "redis"
          image = var.redis_image

          port {
            container_port = 6379
          }

          readiness_probe {
            exec {
              command = ["redis-cli", "ping"]
            }
            period_seconds = 5
          }
        }
      }
    }
  }
}

resource "kubernetes_service" "redis" {
  metadata {
    name      = "redis"
    namespace = kubernetes_namespace.app.metadata[0].name
  }

  spec {
    selector = { app = "${var.name}-redis" }

    port {
      port = 6379
    }
  }
}
