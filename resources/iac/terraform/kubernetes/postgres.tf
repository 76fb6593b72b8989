# Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.
variable "postgres_image" {
  description = "PostgreSQL image"
  type        = string
  default     = "postgres:16"
}

variable "postgres_password" {
  description = "Password of the app's database user (no default: set TF_VAR_postgres_password)"
  type        = string
  sensitive   = true
}

variable "postgres_storage" {
  description = "Size of the database's volume"
  type        = string
  default     = "1Gi"
}

# The value comes from a variable: it is in Terraform's state, never in these files.
resource "kubernetes_secret" "db" {
  metadata {
    name      = "${var.name}-db"
    namespace = kubernetes_namespace.app.metadata[0].name
  }
  data = {
    POSTGRES_PASSWORD = var.postgres_password
  }
}

resource "kubernetes_service" "db" {
  metadata {
    name      = "db"
    namespace = kubernetes_namespace.app.metadata[0].name
  }

  spec {
    cluster_ip = "None"
    selector   = { app = "${var.name}-db" }

    port {
      port = 5432
    }
  }
}

resource "kubernetes_stateful_set" "db" {
  metadata {
    name      = "${var.name}-db"
    namespace = kubernetes_namespace.app.metadata[0].name
  }

  spec {
    service_name = kubernetes_service.db.metadata[0].name
    replicas     = 1

    selector {
      match_labels = { app = "${var.name}-db" }
    }

    template {
      metadata {
        labels = { app = "${var.name}-db" }
      }

      spec {
        container {
          name  = "postgres"
          image = var.postgres_image

          env {
            name  = "POSTGRES_USER"
            value = "app"
          }
          env {
            name  = "POSTGRES_DB"
            value = "app"
          }
          env {
            name  = "PGDATA"
            value = "/var/lib/postgresql/data/pgdata"
          }
          env {
            name = "POSTGRES_PASSWORD"
            value_from {
              secret_key_ref {
                name = kubernetes_secret.db.metadata[0].name
                key  = "POSTGRES_PASSWORD"
              }
            }
          }

          port {
            container_port = 5432
          }

          readiness_probe {
            exec {
              command = ["pg_isready", "-U", "app", "-d", "app"]
            }
            period_seconds = 5
          }

          volume_mount {
            name       = "data"
            mount_path = "/var/lib/postgresql/data"
          }
        }
      }
    }

    volume_claim_template {
      metadata {
        name = "data"
      }
      spec {
        access_modes = ["ReadWriteOnce"]
        resources {
          requests = { storage = var.postgres_storage }
        }
      }
    }
  }
}
