# Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.
resource "docker_network" "app" {
  name = "${var.name}-net"
}

resource "docker_image" "app" {
  name         = "${var.name}:latest"
  keep_locally = true

  build {
    context = var.build_context
  }
}

resource "docker_container" "app" {
  name    = var.name
  image   = docker_image.app.image_id
  init    = true
  restart = "unless-stopped"
  memory  = var.memory_mb
  env     = {{app_env}}

  ports {
    internal = var.port
    external = var.host_port
    ip       = "127.0.0.1"
  }

  networks_advanced {
    name = docker_network.app.name
  }

  capabilities {
    drop = ["ALL"]
  }
  security_opts = ["no-new-privileges:true"]

  healthcheck {
    test     = {{health_test}}
    interval = "10s"
    timeout  = "3s"
    retries  = 5
  }
{{app_depends_on}}}

output "url" {
  description = "Where the app answers"
  value       = "http://127.0.0.1:${var.host_port}"
}
