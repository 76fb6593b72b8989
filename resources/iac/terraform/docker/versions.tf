# Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.
# Provider versions are pinned: a new release never changes a plan by surprise.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    docker = {
      source  = "kreuzwerker/docker"
      version = "3.0.2"
    }
  }
}

# The local Docker engine, or the one DOCKER_HOST names.
provider "docker" {}
