# Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.
resource "kubernetes_namespace" "app" {
  metadata {
    name = var.namespace
  }
}

resource "kubernetes_config_map" "app" {
  metadata {
    name      = "${var.name}-config"
    namespace = kubernetes_namespace.app.metadata[0].name
  }
  data = {{config_data}}
}

resource "kubernetes_deployment" "app" {
  metadata {
    name      = var.name
    namespace = kubernetes_namespace.app.metadata[0].name
    labels    = { app = var.name }
  }

  spec {
    replicas = var.replicas

    selector {
      match_labels = { app = var.name }
    }

    template {
      metadata {
        labels = { app = var.name }
      }

      spec {
        automount_service_account_token = false

        security_context {
          run_as_non_root = true
          run_as_user     = 10001
          seccomp_profile {
            type = "RuntimeDefault"
          }
        }

        container {
          name  = "app"
          image = var.image

          port {
            container_port = var.port
          }

          env_from {
            config_map_ref {
              name = kubernetes_config_map.app.metadata[0].name
            }
          }
{{secret_env}}
          resources {
            requests = { cpu = var.cpu_limit, memory = var.memory_limit }
            limits   = { cpu = var.cpu_limit, memory = var.memory_limit }
          }

          readiness_probe {
            http_get {
              path = "{{health_path}}"
              port = var.port
            }
            period_seconds = 5
          }

          liveness_probe {
            http_get {
              path = "{{health_path}}"
              port = var.port
            }
            initial_delay_seconds = 10
            period_seconds        = 10
          }

          security_context {
            allow_privilege_escalation = false
            read_only_root_filesystem  = true
            capabilities {
              drop = ["ALL"]
            }
          }

          volume_mount {
            name       = "tmp"
            mount_path = "/tmp"
          }
        }

        volume {
          name = "tmp"
          empty_dir {}
        }
      }
    }
  }
}

resource "kubernetes_service" "app" {
  metadata {
    name      = var.name
    namespace = kubernetes_namespace.app.metadata[0].name
  }

  spec {
    selector = { app = var.name }

    port {
      port        = 80
      target_port = var.port
    }
  }
}
