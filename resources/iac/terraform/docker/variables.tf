# Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.
# What differs per environment. Secrets have no default: give them with TF_VAR_<name> or a
# *.tfvars file kept out of git.

variable "name" {
  description = "Name of the app's container, image and network"
  type        = string
  default     = "{{name}}"
}

variable "build_context" {
  description = "Folder holding the app's Dockerfile, relative to this module"
  type        = string
  default     = "../../.."
}

variable "port" {
  description = "Port the app listens on inside its container"
  type        = number
  default     = {{port}}
}

variable "host_port" {
  description = "Port the app is published on, on 127.0.0.1"
  type        = number
  default     = {{host_port}}
}

variable "memory_mb" {
  description = "Memory the app may use, in MiB"
  type        = number
  default     = {{memory_mb}}
}
