# Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.
# Provider versions are pinned: a new release never changes a plan by surprise.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "2.35.1"
    }
  }
}

# The cluster of the current kubeconfig context, unless KUBE_CONFIG_PATH or KUBE_CTX say otherwise.
provider "kubernetes" {
  config_path    = var.kubeconfig
  config_context = var.kube_context
}
