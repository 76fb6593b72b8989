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

resource "docker_volume" "db_data" {
  name = "${var.name}-db-data"
}

resource "docker_container" "db" {
  name    = "${var.name}-db"
  image   = var.postgres_image
  init    = true
  restart = "unless-stopped"
  env     = ["POSTGRES_USER=app", "POSTGRES_DB=app", "POSTGRES_PASSWORD=${var.postgres_password}"]

  networks_advanced {
    name    = docker_network.app.name
    aliases = ["db"]
  }

  volumes {
    volume_name    = docker_volume.db_data.name
    container_path = "/var/lib/postgresql/data"
  }

  healthcheck {
    test     = ["CMD", "pg_isready", "-U", "app", "-d", "app"]
    interval = "5s"
    timeout  = "3s"
    retries  = 10
  }
}
