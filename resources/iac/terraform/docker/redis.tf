# Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.
variable "redis_image" {
  description = "Redis image"
  type        = string
  default     = "redis:7"
}

resource "docker_volume" "redis_data" {
  name = "${var.name}-redis-data"
}

resource "docker_container" "redis" {
  name    = "${var.name}-redis"
  image   = var.redis_image
  init    = true
  restart = "unless-stopped"
  command = ["redis-server", "--appendonly", "yes"]

  networks_advanced {
    name    = docker_network.app.name
    aliases = ["redis"]
  }

  volumes {
    volume_name    = docker_volume.redis_data.name
    container_path = "/data"
  }

  healthcheck {
    test     = ["CMD", "redis-cli", "ping"]
    interval = "5s"
    timeout  = "3s"
    retries  = 10
  }
}
